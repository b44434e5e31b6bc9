// npm aliases of older major versions, tested beside the current ones; their APIs used here match.
declare module 'express4' {
  import express = require('express');
  export = express;
}
declare module 'koa2' {
  import Koa = require('koa');
  export = Koa;
}
// koa-router ships no types; its API is the one @koa/router (its fork) types.
declare module 'koa-router' {
  import Router = require('@koa/router');
  export = Router;
}
