import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One section of a document: the unit that is retrieved, shown to the model and cited. */
export interface Passage {
  /** `<doc>#<section-slug>`, stable across runs. */
  readonly id: string;
  readonly docId: string;
  readonly title: string;
  readonly heading: string;
  readonly text: string;
}

/** The shipped product documentation, `sample-app/docs/*.md`. */
export const DOCS_DIR = join(__dirname, '..', 'docs');

/** Reads every markdown file in `dir` and splits it into passages at its `## ` headings. */
export function loadPassages(dir: string = DOCS_DIR): Passage[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .flatMap((file) => splitDocument(basename(file, '.md'), readFileSync(join(dir, file), 'utf8')));
}

export function splitDocument(docId: string, markdown: string): Passage[] {
  const title = /^# (.+)$/m.exec(markdown)?.[1]?.trim() ?? docId;
  return markdown
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const [headingLine = '', ...body] = section.split('\n');
      const heading = headingLine.trim();
      return {
        id: `${docId}#${slug(heading)}`,
        docId,
        title,
        heading,
        text: body.join('\n').trim(),
      };
    })
    .filter((passage) => passage.text.length > 0);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
