import { ARTICLE_FILE, readSample, seed } from './helpers.ts';
import { checkTester, type CheckerCase } from './tester.ts';

// Snapshot: de-DE kept the pre-2021 condition syntax of this reusable, English was converted to ifversion.
const REUSABLE = 'data/reusables/package_registry/public-or-private-packages.md';
const REUSABLE_EN = `You can publish packages in {% ifversion ghae %}an internal{% else %}a public{% endif %} repository ({% ifversion ghae %}internal{% else %}public{% endif %} packages) to share with {% ifversion fpt %}all of {% data variables.product.prodname_dotcom %}{% else %}everyone on your enterprise{% endif %}, or in a private repository (private packages) to share with collaborators or an organization.
`;
const REUSABLE_DE = `You can publish packages in {% if currentVersion == "github-ae@latest" %}an internal{% else %}a public{% endif %} repository ({% if currentVersion == "github-ae@latest" %}internal{% else %}public{% endif %} packages) to share with {% if currentVersion == "free-pro-team@latest" %}all of {% data variables.product.prodname_dotcom %}{% else %}everyone on your enterprise{% endif %}, or in a private repository (private packages) to share with collaborators or an organization.
`;

// Snapshot: ja-JP kept `ver_gt "enterprise-server@2.19"`; English dropped the range when GHES 2.19 and 2.20
// were deprecated (the oldest release English conditions name here is 2.22: every documented release passes).
const SQUASH = 'data/reusables/repositories/squash-and-rebase-linear-commit-hisitory.md';
const SQUASH_EN = `{% ifversion fpt or ghes or ghae %}If there is a protected branch rule in your repository that requires a linear commit history, you must allow squash merging, rebase merging, or both. For more information, see "[About protected branches](/github/administering-a-repository/about-protected-branches#require-pull-request-reviews-before-merging)."{% endif %}
`;
const SQUASH_JA = `{% if currentVersion == "free-pro-team@latest" or currentVersion ver_gt "enterprise-server@2.19" or currentVersion == "github-ae@latest" %}直線状のコミット履歴を必要とする保護されたブランチのルールがリポジトリ中にあるなら、squashマージ、リベースマージ、あるいはその両方を許可しなければなりません。 詳しい情報については、「[保護されたブランチについて](/github/administering-a-repository/about-protected-branches#require-pull-request-reviews-before-merging)」を参照してください。{% endif %}
`;

const cases: CheckerCase[] = [
  { name: 'valid: English checked as a translation of itself', locale: 'fr-FR', files: { [ARTICLE_FILE]: readSample(ARTICLE_FILE) } },
  {
    name: 'invalid: seed 004 (es-ES) lacks unique-user-licensing-model and ifversion ghes > 3.4; product_location unknown',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: seed('004') },
    errors: [
      { messageId: 'missingReference', includes: 'English uses reusables.enterprise-licensing.unique-user-licensing-model' },
      { messageId: 'missingCondition', includes: 'English has {% ifversion ghes > 3.4 %}' },
      {
        messageId: 'unknownVariable',
        includes: 'Variable variables.product.product_location is not defined (English has variables.location.product_location)',
      },
      { messageId: 'unknownVariable', includes: 'Variable variables.product.product_location is not defined' },
      { messageId: 'missingReference', includes: 'English uses variables.location.product_location' },
    ],
  },
  {
    name: 'valid: {% if currentVersion == "github-ae@latest" %} is the same condition as English {% ifversion ghae %} (de-DE reusable)',
    locale: 'de-DE',
    english: { [REUSABLE]: REUSABLE_EN },
    files: { [REUSABLE]: REUSABLE_DE },
  },
  {
    name: 'invalid: a legacy condition that differs from English after conversion is still reported',
    locale: 'de-DE',
    english: { [REUSABLE]: REUSABLE_EN },
    files: { [REUSABLE]: REUSABLE_DE.replace('currentVersion == "free-pro-team@latest"', 'enterpriseServerVersions contains currentVersion') },
    errors: [
      { messageId: 'missingCondition', includes: 'English has {% ifversion fpt %}' },
      { messageId: 'extraCondition', includes: 'Translation has {% if enterpriseServerVersions contains currentVersion %}' },
    ],
  },
  {
    name: 'valid: ghes > 2.19 is every documented release when English names none older than 2.22 (ja-JP reusable)',
    locale: 'ja-JP',
    english: { [SQUASH]: SQUASH_EN },
    files: { [SQUASH]: SQUASH_JA },
  },
  {
    name: 'valid: the order of a chain of or does not count',
    locale: 'ja-JP',
    english: { [SQUASH]: SQUASH_EN },
    files: {
      [SQUASH]: SQUASH_JA.replace(
        'currentVersion == "free-pro-team@latest" or currentVersion ver_gt "enterprise-server@2.19" or currentVersion == "github-ae@latest"',
        'currentVersion == "github-ae@latest" or currentVersion ver_gt "enterprise-server@2.19" or currentVersion == "free-pro-team@latest"',
      ),
    },
  },
  {
    name: 'invalid: ghes > 2.22 leaves out a release English still documents (2.22)',
    locale: 'ja-JP',
    english: { [SQUASH]: SQUASH_EN },
    files: { [SQUASH]: SQUASH_JA.replace('enterprise-server@2.19', 'enterprise-server@2.22') },
    // English's `fpt or ghes or ghae` names every version (it decides nothing, so it is not compared); the translation's range does.
    errors: [
      {
        messageId: 'extraCondition',
        includes:
          'Translation has {% if currentVersion == "free-pro-team@latest" or currentVersion ver_gt "enterprise-server@2.22" or currentVersion == "github-ae@latest" %}',
      },
    ],
  },
];

checkTester('liquid-mismatch').run(cases);
