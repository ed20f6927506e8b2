'use strict';
// Loaded with `node --require` into every emulator the dslab local target starts.
// 1. The emulators must be reachable from this machine only, but kinesis-local binds all interfaces and
//    has no setting for it: every server socket is pinned to 127.0.0.1 here.
// 2. An emulator must not outlive the daemon, even when the daemon is killed -9: the daemon holds this
//    process's stdin open for its whole life, so end-of-file on stdin means the daemon is gone.
const net = require('net');

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function pinnedToLoopback(...args) {
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  const first = args[0];
  let options;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    options = { port: Number(first) };
    const rest = typeof args[1] === 'string' ? args.slice(2) : args.slice(1);
    if (typeof rest[0] === 'number') options.backlog = rest[0];
  } else if (first !== null && typeof first === 'object' && !first._handle && !('fd' in first) && !first.path) {
    options = { ...first };
  } else if (first === undefined) {
    options = { port: 0 };
  } else {
    return listen.apply(this, callback ? [...args, callback] : args); // a pipe, a handle or a path
  }
  options.host = LOOPBACK;
  return callback ? listen.call(this, options, callback) : listen.call(this, options);
};

// The daemon is gone (or stopping): end as SIGTERM ends this emulator, so one that saves its state on
// SIGTERM (kinesis-local writes its data file) saves it; exit anyway if that takes too long.
let ending = false;
function daemonGone() {
  if (ending) return;
  ending = true;
  setTimeout(() => process.exit(0), 15000).unref();
  process.kill(process.pid, 'SIGTERM');
}
process.stdin.on('end', daemonGone);
process.stdin.on('error', daemonGone);
process.stdin.resume();
