/**
 * The directory's categories: a subset of Open Eligibility's human-services taxonomy
 * (Open Referral / Benetech / Greg Bloom, CC BY-SA 4.0, https://github.com/auremoser/open-eligibility),
 * the part that matters to people in or leaving housing poverty. Not the 211/AIRS taxonomy, whose
 * licence forbids public use. Codes are ours (kebab-case of the Open Eligibility term); names are
 * translated in locales/<lang>/taxonomy.json. `parent` is the top-level term.
 */
export interface TaxonomyCategory {
  code: string;
  parent: string | null;
  /** The Open Eligibility term it comes from, for HSDS exports. */
  term: string;
}

const top = (code: string, term: string): TaxonomyCategory => ({ code, parent: null, term });
const sub = (parent: string, code: string, term: string): TaxonomyCategory => ({ code, parent, term });

export const TAXONOMY_CATEGORIES: readonly TaxonomyCategory[] = [
  top('emergency', 'Emergency'),
  sub('emergency', 'emergency-shelter', 'Emergency Shelter'),
  sub('emergency', 'emergency-food', 'Emergency Food'),
  sub('emergency', 'emergency-payments', 'Emergency Payments'),
  sub('emergency', 'safety', 'Safety'),
  top('food', 'Food'),
  sub('food', 'free-meals', 'Free Meals'),
  sub('food', 'food-pantry', 'Food Pantry'),
  sub('food', 'food-delivery', 'Food Delivery'),
  top('housing', 'Housing'),
  sub('housing', 'help-find-housing', 'Help Find Housing'),
  sub('housing', 'help-pay-for-housing', 'Help Pay for Housing'),
  sub('housing', 'housing-advice', 'Housing Advice'),
  sub('housing', 'residential-housing', 'Residential Housing'),
  sub('housing', 'temporary-shelter', 'Temporary Shelter'),
  sub('housing', 'day-shelter', 'Day Shelter'),
  top('goods', 'Goods'),
  sub('goods', 'clothing', 'Clothing'),
  sub('goods', 'personal-hygiene', 'Personal Hygiene'),
  sub('goods', 'laundry', 'Laundry'),
  sub('goods', 'baby-supplies', 'Baby Supplies'),
  top('transit', 'Transit'),
  top('health', 'Health'),
  sub('health', 'medical-care', 'Medical Care'),
  sub('health', 'dental-care', 'Dental Care'),
  sub('health', 'mental-health-care', 'Mental Health Care'),
  sub('health', 'addiction-recovery', 'Addiction & Recovery'),
  sub('health', 'harm-reduction', 'Harm Reduction'),
  sub('health', 'sexual-reproductive-health', 'Sexual & Reproductive Health'),
  top('money', 'Money'),
  sub('money', 'government-benefits', 'Government Benefits'),
  sub('money', 'financial-education', 'Financial Education'),
  top('care', 'Care'),
  sub('care', 'support-network', 'Support Network'),
  sub('care', 'peer-support', 'Peer Support'),
  sub('care', 'daytime-care', 'Daytime Care'),
  top('education', 'Education'),
  sub('education', 'language-classes', 'Language Classes'),
  top('work', 'Work'),
  sub('work', 'help-find-work', 'Help Find Work'),
  sub('work', 'job-training', 'Skills & Training'),
  top('legal', 'Legal'),
  sub('legal', 'advocacy-legal-aid', 'Advocacy & Legal Aid'),
  sub('legal', 'eviction-help', 'Eviction Help'),
  sub('legal', 'immigration-help', 'Immigration'),
  sub('legal', 'identification-documents', 'Identification Recovery'),
];

/** What matters here and no taxonomy says: who may come, and how. Translated as taxonomy:attributes.<code>. */
export const ACCESS_ATTRIBUTES = [
  'no-id-needed',
  'anonymous-ok',
  'walk-in',
  'appointment-only',
  'referral-needed',
  'free',
  'women-only',
  'young-people',
  'families',
  'pets-welcome',
  'couples-together',
  'lgbtiq-welcoming',
  'low-threshold',
  'interpreters',
] as const;
export type AccessAttribute = (typeof ACCESS_ATTRIBUTES)[number];

export const CATEGORY_CODES: readonly string[] = TAXONOMY_CATEGORIES.map((c) => c.code);
export const isCategoryCode = (code: string): boolean => CATEGORY_CODES.includes(code);

export const TAXONOMY_SOURCE = {
  name: 'Open Eligibility',
  url: 'https://github.com/auremoser/open-eligibility',
  licence: 'CC BY-SA 4.0',
} as const;
