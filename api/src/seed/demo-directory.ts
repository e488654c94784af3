import type { EntityManager } from 'typeorm';
import type { HoursPeriod } from '@sorstars/shared';
import { openWeekLiteral } from '../modules/resources/resources.repository.js';

/**
 * The demo directory: about sixty believable services in the programme's cities, each written in
 * its town's language with an English translation. Organisations, names and addresses are made up
 * for trying the product; the refuge's address is confidential like a real one.
 */
type Lang = 'hu' | 'sr' | 'da' | 'fi' | 'sl';
type Kind = 'night' | 'day' | 'meals' | 'laundry' | 'clinic' | 'legal' | 'youth' | 'refuge' | 'food-bank';

const WEEK = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as HoursPeriod['days'];
const WORKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'] as HoursPeriod['days'];

interface KindInfo {
  categories: string[];
  attributes: string[];
  hours: HoursPeriod[];
  hoursNote?: string;
  free: boolean;
  capacity?: { unit: string; maximum: number };
  /** Name and description per language; English is the translation every service carries. */
  text: Record<Lang | 'en', [string, string]>;
}

const KINDS: Record<Kind, KindInfo> = {
  night: {
    categories: ['emergency-shelter', 'temporary-shelter'],
    attributes: ['no-id-needed', 'walk-in', 'free', 'low-threshold'],
    hours: [{ days: WEEK, opens: '19:00', closes: '08:00' }],
    free: true,
    capacity: { unit: 'beds tonight', maximum: 40 },
    text: {
      en: ['Night shelter', 'A bed for the night, a hot drink, a shower and a locker. Come as you are; no ID needed.'],
      hu: ['Éjjeli menedékhely', 'Ágy éjszakára, meleg tea, zuhany és szekrény. Gyere úgy, ahogy vagy; igazolvány nem kell.'],
      sr: ['Noćno prenoćište', 'Krevet za noć, topao napitak, tuš i ormarić. Dođi kakav jesi; lična karta nije potrebna.'],
      da: ['Natvarmestue', 'En seng for natten, en varm kop te, bad og et skab. Kom som du er; du behøver ikke ID.'],
      fi: ['Yömaja', 'Sänky yöksi, lämmin juoma, suihku ja kaappi. Tule sellaisena kuin olet; henkkareita ei tarvita.'],
      sl: ['Nočno zavetišče', 'Postelja za noč, topel napitek, prha in omarica. Pridi, kakršen si; osebni dokument ni potreben.'],
    },
  },
  day: {
    categories: ['day-shelter', 'support-network'],
    attributes: ['walk-in', 'free', 'no-id-needed'],
    hours: [{ days: WORKDAYS, opens: '08:00', closes: '16:00' }, { days: ['SA'], opens: '10:00', closes: '14:00' }],
    free: true,
    text: {
      en: ['Day centre', 'Warm up, charge your phone, use the computer, talk to a social worker. Coffee and sandwiches in the morning.'],
      hu: ['Nappali melegedő', 'Melegedj, töltsd a telefonod, használd a gépet, beszélj szociális munkással. Reggel kávé és szendvics.'],
      sr: ['Dnevni centar', 'Ugrej se, napuni telefon, koristi računar, razgovaraj sa socijalnim radnikom. Ujutru kafa i sendviči.'],
      da: ['Værested', 'Få varmen, lad din telefon op, brug computeren, tal med en socialarbejder. Kaffe og madder om morgenen.'],
      fi: ['Päiväkeskus', 'Lämmittele, lataa puhelin, käytä tietokonetta, juttele sosiaalityöntekijän kanssa. Aamuisin kahvia ja voileipiä.'],
      sl: ['Dnevni center', 'Pogrej se, napolni telefon, uporabi računalnik, pogovori se s socialnim delavcem. Zjutraj kava in sendviči.'],
    },
  },
  meals: {
    categories: ['free-meals'],
    attributes: ['walk-in', 'free', 'no-id-needed', 'anonymous-ok'],
    hours: [{ days: WEEK, opens: '12:00', closes: '14:00' }],
    free: true,
    text: {
      en: ['Free hot lunch', 'A hot meal every day at noon, vegetarian option always. Nobody asks who you are.'],
      hu: ['Ingyenes meleg ebéd', 'Minden délben meleg étel, mindig van vegetáriánus is. Senki nem kérdezi, ki vagy.'],
      sr: ['Besplatan topli ručak', 'Topao obrok svakog dana u podne, uvek i vegetarijanski. Niko ne pita ko si.'],
      da: ['Gratis varm frokost', 'Et varmt måltid hver dag ved middagstid, altid en vegetarret. Ingen spørger, hvem du er.'],
      fi: ['Ilmainen lämmin lounas', 'Lämmin ateria joka päivä keskipäivällä, aina myös kasvisvaihtoehto. Kukaan ei kysy, kuka olet.'],
      sl: ['Brezplačno toplo kosilo', 'Topel obrok vsak dan opoldne, vedno tudi vegetarijanski. Nihče ne sprašuje, kdo si.'],
    },
  },
  laundry: {
    categories: ['laundry', 'personal-hygiene'],
    attributes: ['walk-in', 'free'],
    hours: [{ days: ['TU', 'TH'], opens: '09:00', closes: '13:00' }],
    free: true,
    text: {
      en: ['Laundry and showers', 'Wash your clothes and take a shower. Towels, soap and spare clothes are here.'],
      hu: ['Mosoda és zuhany', 'Moss ruhát és zuhanyozz. Törölköző, szappan és tartalék ruha van.'],
      sr: ['Perionica i tuševi', 'Operi odeću i istuširaj se. Ima peškira, sapuna i rezervne odeće.'],
      da: ['Vaskeri og bad', 'Vask dit tøj og tag et bad. Her er håndklæder, sæbe og ekstra tøj.'],
      fi: ['Pyykinpesu ja suihku', 'Pese vaatteesi ja käy suihkussa. Pyyhkeet, saippua ja varavaatteet löytyvät täältä.'],
      sl: ['Pralnica in prhe', 'Operi oblačila in se oprhaj. Brisače, milo in rezervna oblačila so tu.'],
    },
  },
  clinic: {
    categories: ['medical-care', 'dental-care'],
    attributes: ['no-id-needed', 'free', 'anonymous-ok', 'walk-in'],
    hours: [{ days: ['MO', 'WE', 'FR'], opens: '14:00', closes: '18:00' }],
    free: true,
    text: {
      en: ['Clinic without insurance', 'Doctors and nurses who volunteer. No insurance card or ID needed; medicines free.'],
      hu: ['Rendelő TAJ-kártya nélkül', 'Önkéntes orvosok és ápolók. Nem kell TAJ-kártya vagy igazolvány; a gyógyszer ingyenes.'],
      sr: ['Ambulanta bez osiguranja', 'Lekari i medicinske sestre volonteri. Nije potrebna zdravstvena knjižica ni lična karta; lekovi su besplatni.'],
      da: ['Klinik uden sygesikring', 'Frivillige læger og sygeplejersker. Du behøver hverken sygesikringskort eller ID; medicin er gratis.'],
      fi: ['Klinikka ilman vakuutusta', 'Vapaaehtoiset lääkärit ja hoitajat. Kela-korttia tai henkkareita ei tarvita; lääkkeet ilmaiseksi.'],
      sl: ['Ambulanta brez zavarovanja', 'Prostovoljni zdravniki in medicinske sestre. Kartica zdravstvenega zavarovanja ali dokument ni potreben; zdravila so brezplačna.'],
    },
  },
  legal: {
    categories: ['advocacy-legal-aid', 'eviction-help'],
    attributes: ['free', 'appointment-only', 'interpreters'],
    hours: [{ days: ['MO', 'TU', 'WE', 'TH'], opens: '09:00', closes: '15:00' }],
    hoursNote: 'Fridays by appointment only',
    free: true,
    text: {
      en: ['Legal aid for evictions', 'Free lawyers for tenants facing eviction, debts or a landlord who will not return the deposit. Bring any letters you have.'],
      hu: ['Jogsegély kilakoltatás ellen', 'Ingyenes jogász bérlőknek kilakoltatás, tartozás vagy vissza nem adott kaució esetén. Hozd magaddal a leveleket.'],
      sr: ['Pravna pomoć kod iseljenja', 'Besplatni pravnici za stanare kojima preti iseljenje, dug ili stanodavac koji ne vraća depozit. Ponesi pisma koja imaš.'],
      da: ['Retshjælp ved udsættelse', 'Gratis jurister til lejere, der står over for udsættelse, gæld eller en udlejer, der ikke betaler depositum tilbage. Tag dine breve med.'],
      fi: ['Oikeusapua häätöuhassa', 'Maksuton juristi vuokralaisille, joita uhkaa häätö, velka tai vuokranantaja, joka ei palauta takuuta. Ota kirjeet mukaan.'],
      sl: ['Pravna pomoč pri deložaciji', 'Brezplačni pravniki za najemnike, ki jim grozi deložacija, dolg ali najemodajalec, ki ne vrne varščine. Prinesi pisma, ki jih imaš.'],
    },
  },
  youth: {
    categories: ['housing-advice', 'help-find-housing'],
    attributes: ['young-people', 'free', 'walk-in', 'lgbtiq-welcoming'],
    hours: [{ days: WORKDAYS, opens: '10:00', closes: '17:00' }],
    free: true,
    text: {
      en: ['Youth housing advice', 'For young people aged 16–29 leaving care or home: finding a room, a first lease, benefits and a peer who has done it.'],
      hu: ['Lakhatási tanácsadás fiataloknak', '16–29 éveseknek, akik kikerülnek a gondozásból vagy otthonról: szobakeresés, első bérleti szerződés, ellátások és egy sorstárs, aki már végigcsinálta.'],
      sr: ['Savetovalište za stanovanje mladih', 'Za mlade od 16 do 29 godina koji izlaze iz doma ili od kuće: traženje sobe, prvi ugovor o zakupu, davanja i vršnjak koji je to prošao.'],
      da: ['Boligrådgivning for unge', 'For unge på 16–29, der forlader anbringelse eller hjemmet: at finde et værelse, første lejekontrakt, ydelser og en, der selv har prøvet det.'],
      fi: ['Nuorten asumisneuvonta', '16–29-vuotiaille, jotka lähtevät sijaishuollosta tai kotoa: huoneen etsintä, ensimmäinen vuokrasopimus, etuudet ja vertainen, joka on kokenut saman.'],
      sl: ['Svetovanje mladim pri bivanju', 'Za mlade od 16 do 29 let, ki zapuščajo rejništvo ali dom: iskanje sobe, prva najemna pogodba, prejemki in vrstnik, ki je to že prestal.'],
    },
  },
  refuge: {
    categories: ['emergency-shelter', 'safety'],
    attributes: ['women-only', 'families', 'anonymous-ok', 'free'],
    hours: [{ days: WEEK, opens: '00:00', closes: '24:00' }],
    free: true,
    text: {
      en: ['Refuge for women and children', 'A safe place to stay for women and their children escaping violence. The address is confidential: call us, day or night.'],
      hu: ['Anyaotthon és krízisszálló nőknek', 'Biztonságos hely nőknek és gyermekeiknek, akik erőszak elől menekülnek. A cím titkos: hívj minket éjjel-nappal.'],
      sr: ['Sigurna kuća za žene i decu', 'Sigurno mesto za žene i decu koje beže od nasilja. Adresa je tajna: pozovi nas danju ili noću.'],
      da: ['Krisecenter for kvinder og børn', 'Et sikkert sted at bo for kvinder og børn, der flygter fra vold. Adressen er hemmelig: ring til os døgnet rundt.'],
      fi: ['Turvakoti naisille ja lapsille', 'Turvallinen paikka väkivaltaa pakeneville naisille ja lapsille. Osoite on salainen: soita meille mihin aikaan tahansa.'],
      sl: ['Varna hiša za ženske in otroke', 'Varen kraj za ženske in otroke, ki bežijo pred nasiljem. Naslov je tajen: pokliči nas podnevi ali ponoči.'],
    },
  },
  'food-bank': {
    categories: ['food-pantry', 'baby-supplies'],
    attributes: ['free', 'families', 'referral-needed'],
    hours: [{ days: ['WE'], opens: '15:00', closes: '18:30' }, { days: ['SA'], opens: '09:00', closes: '12:00' }],
    free: true,
    text: {
      en: ['Food bank', 'A bag of groceries once a week, nappies and baby food for families. Bring a referral from any social worker.'],
      hu: ['Élelmiszerbank', 'Hetente egy csomag élelmiszer, pelenka és bébiétel családoknak. Hozz beutalót bármelyik szociális munkástól.'],
      sr: ['Banka hrane', 'Paket namirnica jednom nedeljno, pelene i hrana za bebe za porodice. Donesi uput od bilo kog socijalnog radnika.'],
      da: ['Fødevarebank', 'En pose dagligvarer en gang om ugen, bleer og babymad til familier. Tag en henvisning fra en socialrådgiver med.'],
      fi: ['Ruokapankki', 'Ruokakassi kerran viikossa, vaippoja ja vauvanruokaa perheille. Ota mukaan lähete keneltä tahansa sosiaalityöntekijältä.'],
      sl: ['Banka hrane', 'Paket živil enkrat na teden, plenice in otroška hrana za družine. Prinesi napotnico katerega koli socialnega delavca.'],
    },
  },
};

interface City {
  name: string;
  country: 'HU' | 'RS' | 'DK' | 'FI' | 'SI';
  lang: Lang;
  zone: string;
  lat: number;
  lng: number;
  postal: string;
  org: string;
  streets: string[];
  kinds: Kind[];
}

const CITIES: City[] = [
  { name: 'Budapest', country: 'HU', lang: 'hu', zone: 'Europe/Budapest', lat: 47.4979, lng: 19.0402, postal: '1086', org: 'streets', streets: ['Dankó utca', 'Könyves Kálmán körút', 'Alföldi utca', 'Práter utca', 'Vajdahunyad utca', 'Kőbányai út', 'Bihari utca', 'Dózsa György út', 'Szabolcs utca', 'Mester utca', 'Baross utca', 'Üllői út'], kinds: ['night', 'night', 'day', 'meals', 'laundry', 'clinic', 'legal', 'youth', 'refuge', 'food-bank', 'day', 'meals'] },
  { name: 'Szeged', country: 'HU', lang: 'hu', zone: 'Europe/Budapest', lat: 46.253, lng: 20.1414, postal: '6720', org: 'streets', streets: ['Bakay Nándor utca', 'Kálvária sugárút', 'Dugonics tér', 'Kossuth Lajos sugárút', 'Pulz utca', 'Mars tér'], kinds: ['night', 'day', 'meals', 'clinic', 'youth', 'legal'] },
  { name: 'Subotica', country: 'RS', lang: 'sr', zone: 'Europe/Belgrade', lat: 46.1005, lng: 19.6656, postal: '24000', org: 'krov', streets: ['Korzo', 'Matije Korvina', 'Štrosmajerova', 'Segedinski put', 'Ivana Milutinovića'], kinds: ['night', 'day', 'meals', 'youth', 'legal'] },
  { name: 'Novi Sad', country: 'RS', lang: 'sr', zone: 'Europe/Belgrade', lat: 45.2671, lng: 19.8335, postal: '21000', org: 'krov', streets: ['Futoška', 'Bulevar oslobođenja', 'Zmaj Jovina', 'Kisačka', 'Temerinska'], kinds: ['night', 'meals', 'clinic', 'refuge', 'food-bank'] },
  { name: 'Aarhus', country: 'DK', lang: 'da', zone: 'Europe/Copenhagen', lat: 56.1629, lng: 10.2039, postal: '8000', org: 'heltHjem', streets: ['Frederiks Allé', 'Jægergårdsgade', 'Vestergade', 'Sønder Allé', 'Nørregade', 'Ingerslevs Boulevard', 'Bruuns Gade'], kinds: ['youth', 'youth', 'night', 'day', 'meals', 'laundry', 'clinic'] },
  { name: 'København', country: 'DK', lang: 'da', zone: 'Europe/Copenhagen', lat: 55.6761, lng: 12.5683, postal: '1620', org: 'kbh', streets: ['Istedgade', 'Hedebygade', 'Mjølnerparken', 'Nørrebrogade', 'Amagerbrogade', 'Sundholmsvej', 'Vesterbrogade'], kinds: ['night', 'night', 'day', 'meals', 'clinic', 'legal', 'refuge'] },
  { name: 'Roskilde', country: 'DK', lang: 'da', zone: 'Europe/Copenhagen', lat: 55.6419, lng: 12.0878, postal: '4000', org: 'heltHjem', streets: ['Algade', 'Københavnsvej', 'Hersegade'], kinds: ['youth', 'day', 'meals'] },
  { name: 'Høje Taastrup', country: 'DK', lang: 'da', zone: 'Europe/Copenhagen', lat: 55.65, lng: 12.27, postal: '2630', org: 'heltHjem', streets: ['Taastrup Hovedgade', 'Blekinge Boulevard', 'Bygaden'], kinds: ['youth', 'food-bank', 'legal'] },
  { name: 'Helsinki', country: 'FI', lang: 'fi', zone: 'Europe/Helsinki', lat: 60.1699, lng: 24.9384, postal: '00530', org: 'helsinki', streets: ['Hämeentie', 'Sörnäisten rantatie', 'Kaarlenkatu', 'Itäkatu', 'Mannerheimintie', 'Porthaninkatu', 'Vaasankatu'], kinds: ['night', 'day', 'meals', 'laundry', 'clinic', 'youth', 'legal'] },
  { name: 'Ljubljana', country: 'SI', lang: 'sl', zone: 'Europe/Ljubljana', lat: 46.0569, lng: 14.5058, postal: '1000', org: 'streha', streets: ['Poljanska cesta', 'Kapiteljska ulica', 'Masarykova cesta', 'Resljeva cesta', 'Vodnikova cesta', 'Metelkova ulica'], kinds: ['night', 'day', 'meals', 'clinic', 'youth', 'refuge'] },
];

const ORGS: Record<string, { name: string; description: string; languages: string[]; admin?: string; url: string; verified: boolean }> = {
  streets: { name: 'Utcáról Lakásba Egyesület', description: 'Lakhatás mindenkinek: utcai munka, lakhatási program és sorstárs mentorok Budapesten és Szegeden.', languages: ['hu', 'en'], admin: 'streets-to-homes', url: 'https://example.org/utcarol-lakasba', verified: true },
  krov: { name: 'Udruženje Krov', description: 'Prenoćišta, pravna pomoć i vršnjački mentori u Subotici i Novom Sadu.', languages: ['sr', 'hu', 'en'], url: 'https://example.org/krov', verified: true },
  heltHjem: { name: 'Helt Hjem – kommunens ungeteam', description: 'Kommunens team for unge uden fast bolig i Aarhus, Roskilde og Høje Taastrup.', languages: ['da', 'en'], url: 'https://example.org/helt-hjem', verified: true },
  kbh: { name: 'Gadeteamet København', description: 'Gadeplansarbejde, natvarmestuer og sundhedshjælp i København.', languages: ['da', 'en'], url: 'https://example.org/gadeteamet', verified: false },
  helsinki: { name: 'Asunnottomien apu Helsinki', description: 'Päivä- ja yöpalveluja sekä kokemusasiantuntijoiden tukea Helsingissä.', languages: ['fi', 'en'], url: 'https://example.org/asunnottomien-apu', verified: true },
  streha: { name: 'Društvo Streha', description: 'Zavetišča, dnevni center in vrstniška podpora v Ljubljani.', languages: ['sl', 'en'], url: 'https://example.org/streha', verified: false },
};

const PHONE_PREFIX: Record<City['country'], string> = { HU: '+36 1 555 0', RS: '+381 24 555 0', DK: '+45 70 55 0', FI: '+358 9 555 0', SI: '+386 1 555 0' };

export async function seedDirectory(manager: EntityManager, users: Map<string, string>): Promise<number> {
  const adminId = users.get('admin') ?? null;
  const orgIds = new Map<string, string>();
  for (const [key, o] of Object.entries(ORGS)) {
    const [{ id }] = await manager.query(
      `INSERT INTO organizations (slug, name, description, url, languages, verified_at, verified_by, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), o.name, o.description, o.url, o.languages, o.verified ? new Date() : null, o.verified ? adminId : null, o.admin ? users.get(o.admin) : adminId],
    );
    orgIds.set(key, id);
    const adminUser = o.admin ? users.get(o.admin) : adminId;
    if (adminUser) await manager.query(`INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'admin')`, [id, adminUser]);
  }
  // The association's public events are its own now, not a free-text organiser's.
  await manager.query(`UPDATE events SET organization_id = $1 WHERE space_id IS NULL AND created_by = $2`, [orgIds.get('streets'), users.get('streets-to-homes')]);
  let n = 0;
  for (const city of CITIES) {
    for (const [i, kind] of city.kinds.entries()) {
      const k = KINDS[kind];
      const [localName, localDescription] = k.text[city.lang];
      const [enName, enDescription] = k.text.en;
      const street = city.streets[i % city.streets.length]!;
      const suffix = city.kinds.indexOf(kind) === i ? '' : ' II';
      // Spread around the centre by a few hundred metres to a few kilometres, deterministically.
      const lat = city.lat + Math.sin(i * 2.1) * 0.018;
      const lng = city.lng + Math.cos(i * 1.7) * 0.03;
      const night = kind === 'night' && i % 2 === 1 ? [{ days: WEEK, opens: '20:00', closes: '09:00' }] : k.hours;
      const verifiedDaysAgo = n % 7 === 3 ? 200 : (n * 13) % 120;
      const [{ id }] = await manager.query(
        `INSERT INTO resources (organization_id, name, description, translations, categories, attributes, languages, free, phone, status,
                                capacity_unit, capacity_available, capacity_maximum, capacity_updated_at, last_verified_at, last_verified_by, created_by,
                                minimum_age, maximum_age, eligibility)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11, $12, $13, now() - make_interval(days => $14), $15, $15, $16, $17, $18) RETURNING id`,
        [orgIds.get(city.org), `${localName}${suffix} – ${street}`, localDescription, JSON.stringify({ en: { name: `${enName}${suffix} – ${street}`, description: enDescription } }),
          k.categories, k.attributes, [city.lang, 'en'], k.free, `${PHONE_PREFIX[city.country]}${String(100 + n).slice(-3)}`,
          k.capacity?.unit ?? null, k.capacity ? (n * 7) % k.capacity.maximum : null, k.capacity?.maximum ?? null, k.capacity ? new Date(Date.now() - ((n % 3) * 20 + 1) * 3_600_000) : null,
          verifiedDaysAgo, users.get(ORGS[city.org]!.admin ?? 'admin') ?? adminId, kind === 'youth' ? 16 : null, kind === 'youth' ? 29 : null, kind === 'refuge' ? 'Women and their children' : null],
      );
      const hours = kind === 'night' ? night : k.hours;
      await manager.query(
        `INSERT INTO resource_locations (resource_id, address, city, postal_code, country, lat, lng, confidential, timezone, hours, closed, hours_note, open_week)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::int4multirange)`,
        [id, `${street} ${10 + ((n * 7) % 80)}`, city.name, city.postal, city.country, Number(lat.toFixed(5)), Number(lng.toFixed(5)), kind === 'refuge', city.zone,
          JSON.stringify(hours), JSON.stringify(kind === 'day' ? [{ from: '2026-12-24', to: '2026-12-26', note: 'Christmas' }] : []), k.hoursNote ?? null,
          openWeekLiteral(hours)],
      );
      n++;
    }
  }
  return n;
}
