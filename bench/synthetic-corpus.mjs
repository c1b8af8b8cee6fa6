// A reproducible synthetic corpus for benchmarks: publications as BibTeX, briefings and lay summaries as API bodies.
// Words follow a Zipf spread (a few very common words, a long tail of rare ones), as real abstracts do.

/** mulberry32: a small seeded generator, so every run builds the same corpus. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS = "the of and in to a with for was were on by that as from at this is or be are among than which their".split(" ");

const DOMAIN_WORDS = `mental health inequalities depression anxiety wellbeing deprivation income debt poverty housing homelessness
employment unemployment community social connection loneliness ethnicity racism discrimination place region north west england
covid pandemic services access primary care perinatal maternal children young people adolescents older adults addiction alcohol
physical global reverse innovation inclusive research involvement workforce training education cohort trial qualitative survey
intervention outcomes risk factors prevalence incidence association analysis study evidence review systematic meta policy
suicide self harm psychosis schizophrenia bipolar trauma stress resilience support recovery stigma migrants refugees asylum
gender women men sexual minority disability autism neurodiversity school university students nurses doctors peer counselling
therapy cognitive behavioural medication antidepressant prescribing referral waiting times crisis emergency admissions
liverpool manchester lancashire cumbria cheshire merseyside coastal towns rural urban neighbourhood green space food insecurity
benefits welfare universal credit austerity wages zero hours contracts caring carers family parenting infant childhood adversity
sleep exercise diet smoking obesity diabetes cardiovascular multimorbidity frailty dementia cognition digital online telehealth
measurement scale validation questionnaire interviews focus groups ethnography participatory coproduction lived experience
commissioning integrated neighbourhoods prevention promotion early years mortality life expectancy equity justice`
  .split(/\s+/u)
  .filter(Boolean);

const SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu tra tre tri pla ple pli str con pro ver".split(" ");

/** The vocabulary, most common first: function words, the field's own words, then a long tail of made-up words. */
function buildVocabulary(random, size) {
  const words = [...FUNCTION_WORDS, ...DOMAIN_WORDS];
  const seen = new Set(words);
  while (words.length < size) {
    const length = 2 + Math.floor(random() * 3);
    let word = "";
    for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

/** Draws word ranks with probability proportional to 1 / rank^exponent. */
function zipfSampler(random, size, exponent = 1.05) {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) cumulative[r] = total += 1 / Math.pow(r + 1, exponent);
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const GIVEN = "Alex Sam Jo Chris Pat Robin Jamie Morgan Taylor Casey Rowan Avery Quinn Riley Kai Noor Amara Ifeoma Siobhan Tomasz Aoife Priya Hamza Ewa Dafydd Bronwen Chidi Leila Mateo Ines".split(" ");

/**
 * The corpus: `publications` (objects, and `bibtex` for each), `briefings` and `laySummaries` (API bodies; a lay
 * summary names its publication by index). Every name is invented: the corpus names no real person.
 */
export function generateCorpus({ publications = 19_000, briefings = 600, laySummaries = 400, seed = 20261125 } = {}) {
  const random = seededRandom(seed);
  const vocabulary = buildVocabulary(random, 30_000);
  const drawRank = zipfSampler(random, vocabulary.length);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const between = (min, max) => min + Math.floor(random() * (max - min + 1));
  const words = (count) => Array.from({ length: count }, () => vocabulary[drawRank()]);
  // Titles lean on the field's words; abstracts use the whole spread.
  const titleWord = () => (random() < 0.5 ? pick(DOMAIN_WORDS) : vocabulary[drawRank()]);
  const sentence = (count) => {
    const text = words(count).join(" ");
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = (wordCount) => {
    const sentences = [];
    for (let left = wordCount; left > 0; ) {
      const n = Math.min(left, between(12, 24));
      sentences.push(sentence(n));
      left -= n;
    }
    return sentences.join(" ");
  };
  const families = Array.from({ length: 4_000 }, () => {
    const name = Array.from({ length: between(2, 3) }, () => pick(SYLLABLES)).join("");
    return name[0].toUpperCase() + name.slice(1);
  });

  const items = [];
  for (let i = 0; i < publications; i++) {
    const key = `syn${String(i).padStart(6, "0")}`;
    const title = Array.from({ length: between(10, 15) }, titleWord).join(" ");
    const authors = Array.from({ length: between(1, 6) }, () => `${pick(families)}, ${pick(GIVEN)}`);
    const year = between(1995, 2026);
    const abstract = paragraph(between(180, 220));
    const keywords = Array.from({ length: between(2, 5) }, () => pick(DOMAIN_WORDS));
    const bibtex = `@article{${key},
  author = {${authors.join(" and ")}},
  title = {${title[0].toUpperCase()}${title.slice(1)}},
  journal = {Journal of Synthetic ${pick(["Studies", "Mental Health", "Public Health", "Social Research"])}},
  year = ${year},
  volume = ${between(1, 60)},
  pages = {${between(1, 400)}--${between(401, 800)}},
  doi = {10.5555/synthetic.${i}},
  keywords = {${keywords.join(", ")}},
  abstract = {${abstract}}
}`;
    items.push({ key, title, authors, year, abstract, keywords, bibtex });
  }
  const briefingBodies = Array.from({ length: briefings }, () => ({
    title: `Briefing: ${Array.from({ length: between(6, 10) }, titleWord).join(" ")}`,
    summary: paragraph(40),
    key_messages: Array.from({ length: 3 }, () => sentence(between(8, 14))),
    body: `## What we found\n\n${paragraph(120)}\n\n## What could help\n\n${paragraph(80)}`,
    audience: pick(["Local authority commissioners", "NHS trust boards", "Voluntary sector", "Members of Parliament"]),
    topics: [],
  }));
  const laySummaryBodies = Array.from({ length: laySummaries }, (_, i) => ({
    publicationIndex: i * Math.floor(publications / Math.max(laySummaries, 1)),
    body: { language: "en", title: `In plain words: ${Array.from({ length: between(5, 9) }, titleWord).join(" ")}`, body: paragraph(150) },
  }));
  return { vocabulary, publications: items, briefings: briefingBodies, laySummaries: laySummaryBodies, random, drawRank };
}
