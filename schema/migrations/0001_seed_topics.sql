-- The centre's themes (docs/architecture.md, "Topics"): the controlled vocabulary every item is tagged from.
INSERT INTO topics (slug, name, description) VALUES
  ('determinants', 'Determinants of mental health inequalities', 'Why mental health differs between groups, and what drives those differences.'),
  ('work-and-employment', 'Work and employment', 'Jobs, unemployment, working conditions and mental health.'),
  ('income-debt-poverty', 'Income, debt and poverty', 'Money worries, debt, benefits and poverty, and their links with mental health.'),
  ('housing-homelessness', 'Housing and homelessness', 'Housing quality, insecurity and homelessness.'),
  ('communities-connection', 'Communities and social connection', 'Loneliness, belonging and community life.'),
  ('ethnicity-racism', 'Ethnicity, racism and discrimination', 'Experiences of racism and discrimination, and ethnic inequalities in mental health.'),
  ('place-deprivation', 'Place and deprivation', 'Where people live, including the North of England, and area deprivation.'),
  ('covid-19', 'COVID-19 and its aftermath', 'The pandemic and what followed.'),
  ('services-access', 'Access to and experience of services', 'Who gets care, how soon, and what it is like.'),
  ('perinatal-maternal', 'Perinatal and maternal mental health', 'Mental health in pregnancy and after birth.'),
  ('children-young-people', 'Children and young people', 'Mental health in childhood, adolescence and young adulthood.'),
  ('older-adults', 'Older adults', 'Mental health in later life.'),
  ('addictions', 'Addictions', 'Alcohol, drugs, gambling and mental health.'),
  ('physical-mental-health', 'Physical and mental health together', 'Long-term conditions, multimorbidity and mental health.'),
  ('global-mental-health', 'Global mental health and reverse innovation', 'Learning across countries, including approaches from low- and middle-income countries used here.'),
  ('inclusive-research', 'Inclusive research and public involvement', 'Making research accessible and involving the people it is about.'),
  ('workforce-training', 'Workforce, training and education', 'The people who deliver care, and how they learn.');
