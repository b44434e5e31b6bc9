import { expect } from 'chai';
import { exactKey, normalisedKey } from '../../sample-app/service/question-key';

describe('answer cache keys', () => {
  it('normalisedKey() ignores case, punctuation, stop words, plurals and word order', () => {
    expect(normalisedKey('How do I restore a backup?')).to.equal('backup restore');
    expect(normalisedKey('restore backups: how?')).to.equal('backup restore');
    expect(normalisedKey('PLEASE TELL ME: BACKUP RESTORE')).to.equal('backup restore');
  });

  it('exactKey() only trims and collapses spaces', () => {
    expect(exactKey('  How do I   restore? ')).to.equal('How do I restore?');
  });
});
