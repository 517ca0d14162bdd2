import type { HierarchyDefinition, TreeHierarchy } from './hierarchy.schema.ts';

/**
 * Ready-made hierarchies for US-census-style person attributes, keyed by the UCI Adult attribute names (the
 * usual anonymisation benchmark). Plain data: a tenant can copy and edit them, or supply its own.
 */

/** A two-level tree from `{ group: [leaves] }` (leaf → group → `*`), optionally with a third level `{ tier: [groups] }`. */
function groups(leafGroups: Record<string, string[]>, tiers?: Record<string, string[]>, levelNames?: string[]): TreeHierarchy {
  const tierOf = new Map(Object.entries(tiers ?? {}).flatMap(([tier, gs]) => gs.map((g) => [g, tier] as const)));
  const paths: Record<string, string[]> = {};
  for (const [group, leaves] of Object.entries(leafGroups)) {
    for (const leaf of leaves) paths[leaf] = tiers ? [group, tierOf.get(group)!] : [group];
  }
  return { kind: 'tree', paths, ...(levelNames ? { levelNames } : {}) };
}

/** Leaves that only generalise to `*`. */
function flat(values: string[]): TreeHierarchy {
  return { kind: 'tree', paths: Object.fromEntries(values.map((v) => [v, []])) };
}

export const CENSUS_HIERARCHIES: Readonly<Record<string, HierarchyDefinition>> = {
  age: { kind: 'interval', levels: [{ width: 5 }, { width: 10 }, { width: 20 }], levelNames: ['5y', '10y', '20y'] },
  sex: flat(['Male', 'Female']),
  income: flat(['<=50K', '>50K']),
  race: flat(['White', 'Black', 'Asian-Pac-Islander', 'Amer-Indian-Eskimo', 'Other']),
  'marital-status': groups({
    Married: ['Married-civ-spouse', 'Married-AF-spouse'],
    'Spouse-absent': ['Married-spouse-absent', 'Separated', 'Divorced', 'Widowed'],
    'Never-married': ['Never-married'],
  }, undefined, ['group']),
  education: groups({
    Primary: ['Preschool', '1st-4th', '5th-6th', '7th-8th'],
    Secondary: ['9th', '10th', '11th', '12th'],
    'High-school': ['HS-grad'],
    'College-associate': ['Some-college', 'Assoc-voc', 'Assoc-acdm'],
    Bachelors: ['Bachelors'],
    Graduate: ['Masters', 'Prof-school', 'Doctorate'],
  }, {
    'Up-to-high-school': ['Primary', 'Secondary', 'High-school'],
    'Post-secondary': ['College-associate', 'Bachelors', 'Graduate'],
  }, ['group', 'tier']),
  'native-country': groups({
    'North-America': ['United-States', 'Canada', 'Outlying-US(Guam-USVI-etc)'],
    'Central-America-Caribbean': ['Mexico', 'Puerto-Rico', 'El-Salvador', 'Cuba', 'Jamaica', 'Dominican-Republic', 'Guatemala', 'Haiti', 'Nicaragua', 'Honduras', 'Trinadad&Tobago'],
    'South-America': ['Columbia', 'Peru', 'Ecuador'],
    Europe: ['Germany', 'England', 'Italy', 'Poland', 'Portugal', 'Greece', 'France', 'Ireland', 'Yugoslavia', 'Hungary', 'Scotland', 'Holand-Netherlands'],
    Asia: ['Philippines', 'India', 'China', 'Vietnam', 'Japan', 'Taiwan', 'Iran', 'Hong', 'Cambodia', 'Thailand', 'Laos', 'South'],
  }, undefined, ['region']),
  workclass: groups({
    Private: ['Private'],
    'Self-employed': ['Self-emp-not-inc', 'Self-emp-inc'],
    Government: ['Federal-gov', 'State-gov', 'Local-gov'],
    'Not-paid': ['Without-pay', 'Never-worked'],
  }, undefined, ['sector']),
  occupation: groups({
    'White-collar': ['Exec-managerial', 'Prof-specialty', 'Adm-clerical', 'Sales', 'Tech-support'],
    'Blue-collar': ['Craft-repair', 'Machine-op-inspct', 'Transport-moving', 'Handlers-cleaners', 'Farming-fishing'],
    Service: ['Other-service', 'Protective-serv', 'Priv-house-serv', 'Armed-Forces'],
  }, undefined, ['collar']),
};
