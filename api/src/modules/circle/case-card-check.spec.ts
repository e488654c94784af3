import { findIdentifyingDetails, type IdentifyingKind } from './case-card-check.js';

/** Texts a mentor might really write, each with the kind the check must name. */
const REFUSED: [lang: string, text: string, kind: IdentifyingKind][] = [
  // phones
  ['hu', 'Hívd fel a 06 30 123 4567 számon, ha baj van.', 'phone'],
  ['hu', 'A száma +36 30 123 4567, de nem veszi fel.', 'phone'],
  ['hu', 'Elérhető: +36-1-234-5678', 'phone'],
  ['hu', 'Írt SMS-t a 0620/987-6543 számról.', 'phone'],
  ['da', 'Hun har nummeret 20 12 34 56, men svarer sjældent.', 'phone'],
  ['da', 'Ring til ham på +45 31 23 45 67 efter kl. 16.', 'phone'],
  ['da', 'Mobil: 0045 40 11 22 33', 'phone'],
  ['fi', 'Hänen numeronsa on 040 123 4567.', 'phone'],
  ['fi', 'Soita +358 50 987 6543 iltaisin.', 'phone'],
  ['fi', 'puh. 045-1234567', 'phone'],
  ['sr', 'Njen broj je 064 123 4567, zove se posle posla.', 'phone'],
  ['sr', 'Kontakt: +381 63 123 456', 'phone'],
  ['sr', 'Broj fiksnog: 021/456-789', 'phone'],
  ['sl', 'Telefon: 041 123 456', 'phone'],
  ['sl', 'Pokliči na +386 40 123 456.', 'phone'],
  ['sl', 'številka 031-234-567', 'phone'],
  ['en', 'His number is +44 7700 900123.', 'phone'],
  ['en', 'Call +49 151 23456789 if needed.', 'phone'],
  // e-mail
  ['en', 'She wrote from anna.k@gmail.com last week', 'email'],
  ['hu', 'E-mail címe: kovacs.peti88@freemail.hu', 'email'],
  ['da', 'Skriv til hende på hjemlos_aarhus (at) gmail (dot) com', 'email'],
  ['fi', 'sähköposti: nuori.ihminen@hotmail.fi', 'email'],
  ['sr', 'mejl: mladi123[at]yahoo[dot]com', 'email'],
  ['sl', 'Naslov je ziga.n@siol.net', 'email'],
  // usernames
  ['en', 'He posts here as @streetlife_92.', 'username'],
  ['hu', 'A fórumon @kisfarkas néven ír.', 'username'],
  ['da', 'Hun er (@aarhusgirl) i chatten.', 'username'],
  // street addresses
  ['hu', 'A Rákóczi út 12. alatt lakik albérletben.', 'address'],
  ['hu', 'Szentkirályi u. 3/b, második emelet.', 'address'],
  ['hu', 'A Kossuth Lajos utca 5 szálló előtt találkoztunk.', 'address'],
  ['hu', 'Deák Ferenc tér 1 közelében alszik.', 'address'],
  ['hu', 'Most a Váci körút 44 alatt van a szállón.', 'address'],
  ['da', 'Hun bor på Nørregade 12, 2. sal.', 'address'],
  ['da', 'Han sover i opgangen på Søndervej 4 st. tv.', 'address'],
  ['da', 'Vi mødtes ved Østre Allé 3 i Aarhus.', 'address'],
  ['da', 'Adressen er Vesterbrogade 118A.', 'address'],
  ['fi', 'Hän asuu osoitteessa Hämeenkatu 12 B 4.', 'address'],
  ['fi', 'Asunto on Mannerheimintie 5:ssä.', 'address'],
  ['fi', 'Tapasimme Kauppakuja 2 edessä.', 'address'],
  ['sr', 'Živi u ulica Kralja Petra 12, Novi Sad.', 'address'],
  ['sr', 'Spava kod Bulevar oslobođenja 5.', 'address'],
  ['sr', 'Stan je u Cara Dušana 15.', 'address'],
  ['sl', 'Stanuje na Slovenska cesta 5.', 'address'],
  ['sl', 'Dobiva se na Trubarjeva ulica 3.', 'address'],
  ['sl', 'Prebiva na Celovška cesta 120.', 'address'],
  ['en', 'She stays at 12 Baker Street now.', 'address'],
  ['en', 'Shelter on Main Street 5.', 'address'],
  // names
  ['hu', 'Mária nagyon fél a lakhatási kérelem miatt.', 'name'],
  ['hu', 'A barátnőjét Zsófiának hívják? Nem, a neve Eszter.', 'name'],
  ['hu', 'Beszéltem László bácsival a szállón.', 'name'],
  ['da', 'Mads har svært ved at komme op om morgenen.', 'name'],
  ['da', 'Hendes ven hedder Rasmus.', 'name'],
  ['da', 'Mette Jensen fra kommunen ringede.', 'name'],
  ['fi', 'Aino pelkää muuttoa yksin.', 'name'],
  ['fi', 'Hänen poikaystävänsä nimi on Teemu.', 'name'],
  ['fi', 'Sosiaalityöntekijä Pirkko Virtanen ei vastaa.', 'name'],
  ['sr', 'Milica je ponovo bez smeštaja.', 'name'],
  ['sr', 'Njen brat se zove se Stevan i pomaže joj.', 'name'],
  ['sr', 'Razgovarali smo sa Jovanović iz centra.', 'name'],
  ['sl', 'Žiga ne dobi štipendije.', 'name'],
  ['sl', 'Svetovalka, ki ji je ime Vesna, ni odgovorila.', 'name'],
  ['sl', 'Gospa Novak iz CSD ga ni sprejela.', 'name'],
  ['en', 'Her caseworker Mr Smith never answers.', 'name'],
  ['en', 'A friend named Tyler lets him sleep on the sofa.', 'name'],
];

/** Honest situations the check must let through, in every language. */
const ALLOWED: [lang: string, text: string][] = [
  ['hu', 'A mentoráltam most költözött ki a szállóról, és fél, hogy nem bírja a lakbért.'],
  ['hu', 'Nagy baj, hogy a munkahelyén 3 hete nem fizettek.'],
  ['hu', 'Kiss the fear? Nem, csak kicsit aggódom érte.'],
  ['hu', 'Hetente kétszer találkozunk, 2026-11-29 óta minden kedden 16:30-kor.'],
  ['hu', 'A gyógyulás útja hosszú, a közös út 4 hónapja tart.'],
  ['hu', 'Van 2 gyereke és 1 kutyája; 45 000 forintja maradt a hónap végére.'],
  ['da', 'Min mentee er lige flyttet ud fra et herberg og er bange for at være alene.'],
  ['da', 'Krisen kom efter 2 uger i den nye lejlighed.'],
  ['da', 'Hun har fået 4.500 kr. i boligstøtte, men mangler 1.200 kr.'],
  ['da', 'Vi har talt om at finde vej i systemet, det tager tid.'],
  ['fi', 'Mentoroitavani pelkää, ettei hän selviä vuokrasta yksin.'],
  ['fi', 'Ensimmäinen kuukausi uudessa asunnossa oli vaikea.'],
  ['fi', 'Toinen asia: hän ei uskalla käydä Kelassa.'],
  ['fi', 'Satu-kirja auttoi häntä nukahtamaan; onni on pienissä asioissa.'],
  ['fi', 'Tapaamme viikoittain klo 17.00, tähän mennessä 12 kertaa.'],
  ['sr', 'Moja mentorka kaže da je rok za prijavu 15. decembar.'],
  ['sr', 'Posle 6 meseci u prihvatilištu konačno ima svoj stan.'],
  ['sr', 'Put do posla traje 45 minuta, to je problem.'],
  ['sr', 'Juha je bila hladna, ali važno je da je jela.'],
  ['sl', 'Rok za oddajo vloge je v petek, pa še ni začela.'],
  ['sl', 'Po 3 letih v zavetišču je spet sama.'],
  ['sl', 'Cesta do službe je dolga, pot traja eno uro.'],
  ['en', 'My mentee left care 2 years ago and is scared of the first winter alone.'],
  ['en', 'We met 4 times in 6 weeks; the rent is 450 EUR.'],
  ['en', 'Housing First has been hard: week 3 was the worst.'],
  ['en', 'Will she manage the appointment on 12/03/2026 at 10:30?'],
  ['en', 'Chapter 5 of the handbook helped us talk about debt.'],
];

describe('findIdentifyingDetails', () => {
  it.each(REFUSED)('%s refuses %j as %s', (_lang, text, kind) => {
    expect(findIdentifyingDetails(text)).toContain(kind);
  });

  it.each(ALLOWED)('%s allows %j', (_lang, text) => {
    expect(findIdentifyingDetails(text)).toEqual([]);
  });

  describe("the mentee's own profile strings", () => {
    const mentee = { displayName: 'Kristóf the Brave', username: 'night_owl', city: 'Novi Sad', about: 'I left care at eighteen and slept in stairwells for a winter before the hostel' };

    it.each<[string, IdentifyingKind]>([
      ['Kristóf is scared of the landlord.', 'profile'],
      ['KRISTOF is scared again.', 'profile'],
      ['On the forum they call him night owl.', 'username'],
      ['They go by night_owl online.', 'username'],
      ['The hostel in Novi Sad is full.', 'profile'],
      ['He told me: slept in stairwells for a winter before the hostel.', 'profile'],
    ])('refuses %j as %s', (text, kind) => {
      expect(findIdentifyingDetails(text, mentee)).toContain(kind);
    });

    it.each([
      'He is scared of the landlord and the winter.',
      'A novice mentor would say the same.',
      'He left care and is strong about it.',
    ])('allows %j', (text) => {
      expect(findIdentifyingDetails(text, mentee)).toEqual([]);
    });
  });

  it('names several kinds at once, in a fixed order, and never the detail itself', () => {
    const kinds = findIdentifyingDetails('Mads lives at Nørregade 12, call +45 31 23 45 67 or mads@example.dk');
    expect(kinds).toEqual(['name', 'phone', 'email', 'address']);
    expect(JSON.stringify(kinds)).not.toMatch(/\d|@/);
  });

  it('lets an empty card and a card of only numbers that are not phones through', () => {
    expect(findIdentifyingDetails('')).toEqual([]);
    expect(findIdentifyingDetails('2026, 14, 90, 100')).toEqual([]);
  });
});
