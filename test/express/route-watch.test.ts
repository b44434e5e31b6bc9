import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { expect } from 'chai';
import { watchRouteDispatch } from '../../adapters/express-route';

describe('watchRouteDispatch(req)', () => {
  it("should leave Node's own IncomingMessage prototype untouched", () => {
    watchRouteDispatch(new IncomingMessage(new Socket()));
    expect(Object.getOwnPropertyDescriptor(IncomingMessage.prototype, 'route')).to.equal(undefined);
  });
});
