/** `npm run infra:rules`: writes rules/recording.yml and rules/alerts.yml from generator/. */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RULES_DIR, ruleFiles } from './generator/rule-files';

for (const [name, text] of Object.entries(ruleFiles())) {
  const file = join(RULES_DIR, name);
  writeFileSync(file, text);
  console.log(`wrote ${relative(process.cwd(), file)}`);
}
