import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { run } from '../helpers/consumer-project';

const root = join(__dirname, '..', '..');
const README = readFileSync(join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
};
/** `git+https://github.com/o/r.git` → `https://github.com/o/r` */
const REPOSITORY = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** README without its fenced code blocks, where `[x](y)` is code, not a link. */
const prose = README.replace(/^```[\s\S]*?^```$/gm, '');

function links(): string[] {
  const markdown = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(
    (m) => m[1] as string,
  );
  const html = [...prose.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((m) => m[1] as string);
  return [...markdown, ...html];
}

/** GitHub's and npm's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

describe('README.md on the package page', () => {
  it('should link only absolutely (to the repository or elsewhere) or to anchors that exist', () => {
    const anchors = new Set(
      [...prose.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1] as string)),
    );
    const found = links();
    expect(found).to.not.be.empty;
    for (const link of found) {
      if (link.startsWith('#')) {
        expect(anchors, `anchor ${link}`).to.include(link.slice(1));
        continue;
      }
      expect(link, 'an absolute https link').to.match(/^https:\/\//);
      const inRepository = new RegExp(`^${REPOSITORY}/(?:blob|tree)/main/([^#?]+)`).exec(link);
      if (inRepository !== null) {
        expect(existsSync(join(root, inRepository[1] as string)), link).to.equal(true);
      }
    }
  });

  it('should have repository, homepage and bugs in package.json, pointing at the repository', () => {
    expect(REPOSITORY).to.match(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(manifest.homepage).to.equal(`${REPOSITORY}#readme`);
    expect(manifest.bugs.url).to.equal(`${REPOSITORY}/issues`);
  });

  it('should be packed with what the package page shows (npm pack --dry-run)', function () {
    this.timeout(120_000);
    const [packed] = JSON.parse(
      run(root, 'npm', ['pack', '--dry-run', '--json', '--ignore-scripts']),
    ) as {
      files: { path: string }[];
    }[];
    const paths = packed?.files.map((file) => file.path) ?? [];
    expect(paths).to.include.members([
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      '.env.example',
      'package.json',
      'dist/lib/index.js',
      'dist/adapters/express.d.ts',
      'dist/adapters/koa.d.ts',
    ]);
  });
});
