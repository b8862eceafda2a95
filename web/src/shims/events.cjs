// The part of Node's EventEmitter that xml2js (read by cql-exec-fhir for its model info) uses, for the browser bundle.
// CommonJS, because xml2js extends the module itself; listeners are created lazily because its subclass never calls
// this constructor.
function EventEmitter() {}
const listeners = (self, name) => {
  if (!self._events) self._events = new Map();
  if (!self._events.has(name)) self._events.set(name, []);
  return self._events.get(name);
};
EventEmitter.prototype.on = function on(name, listener) { listeners(this, name).push(listener); return this; };
EventEmitter.prototype.addListener = EventEmitter.prototype.on;
EventEmitter.prototype.once = function once(name, listener) {
  const wrapped = (...args) => { this.removeListener(name, wrapped); listener.apply(this, args); };
  return this.on(name, wrapped);
};
EventEmitter.prototype.removeListener = function removeListener(name, listener) {
  const list = listeners(this, name);
  const at = list.indexOf(listener);
  if (at >= 0) list.splice(at, 1);
  return this;
};
EventEmitter.prototype.removeAllListeners = function removeAllListeners(name) {
  if (!this._events) return this;
  if (name === undefined) this._events.clear(); else this._events.delete(name);
  return this;
};
EventEmitter.prototype.emit = function emit(name, ...args) {
  const list = [...listeners(this, name)];
  if (name === "error" && !list.length) throw args[0];
  for (const l of list) l.apply(this, args);
  return list.length > 0;
};
EventEmitter.EventEmitter = EventEmitter;
module.exports = EventEmitter;
