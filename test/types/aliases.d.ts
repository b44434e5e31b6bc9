// npm aliases of older major versions, tested beside the current ones; their APIs used here match.
declare module 'express4' {
  import express = require('express');
  export = express;
}
declare module 'koa2' {
  import Koa = require('koa');
  export = Koa;
}
