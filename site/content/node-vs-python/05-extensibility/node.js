// A miniature middleware pipeline in the style of Express and Koa.
// Run it with `node node.js`.
'use strict';

function createApp() {
  const stack = [];
  return {
    // Plug-ins register themselves with use(); order matters.
    use(fn) { stack.push(fn); return this; },
    // Run the request context through every middleware, then the handler.
    async handle(ctx, handler) {
      const dispatch = (i) => (i < stack.length
        ? stack[i](ctx, () => dispatch(i + 1))
        : handler(ctx));
      await dispatch(0);
      return ctx;
    },
  };
}

// Two independent extensions: a request counter and a simple API-key check.
let requests = 0;
const requestId = async (ctx, next) => {
  requests += 1;
  await next();
  ctx.headers['x-request-id'] = String(requests);
};

const auth = async (ctx, next) => {
  if (ctx.apiKey !== 'secret') { ctx.status = 401; ctx.body = 'denied'; return; }
  await next();
};

const app = createApp().use(requestId).use(auth);
const hello = (ctx) => { ctx.status = 200; ctx.body = `hello, ${ctx.user}`; };

(async () => {
  for (const apiKey of ['secret', 'wrong']) {
    const ctx = await app.handle({ user: 'ada', apiKey, headers: {} }, hello);
    console.log(ctx.status, ctx.body, ctx.headers);
  }
})();
