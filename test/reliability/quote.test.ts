import { expect } from 'chai';
import { quote } from '../../lib/validation';

describe('quote(value) in rejection warnings', () => {
  it('should describe an object that neither JSON nor String() can print', () => {
    // Found by the lifecycle property test: a handler recorded this and got a 500.
    const value = Object.assign(Object.create(null) as object, { tokens: 1n });
    expect(quote(value)).to.equal('[object Object]');
  });

  it('should describe a cycle with a null prototype without throwing', () => {
    const value = Object.create(null) as { self?: unknown };
    value.self = value;
    expect(quote(value)).to.equal('[object Object]');
  });
});
