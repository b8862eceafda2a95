// The part of Node's EventEmitter that xml2js (read by cql-exec-fhir for its model info) uses, for the browser bundle.
export class EventEmitter {
  constructor() { this._listeners = new Map(); }
  on(name, listener) { (this._listeners.get(name) ?? this._listeners.set(name, []).get(name)).push(listener); return this; }
  addListener(name, listener) { return this.on(name, listener); }
  once(name, listener) { const wrapped = (...a) => { this.removeListener(name, wrapped); listener(...a); }; return this.on(name, wrapped); }
  removeListener(name, listener) { this._listeners.set(name, (this._listeners.get(name) ?? []).filter(l => l !== listener)); return this; }
  removeAllListeners(name) { if (name === undefined) this._listeners.clear(); else this._listeners.delete(name); return this; }
  emit(name, ...args) {
    const listeners = this._listeners.get(name) ?? [];
    if (name === "error" && !listeners.length) throw args[0];
    for (const l of [...listeners]) l.apply(this, args);
    return listeners.length > 0;
  }
}
export default { EventEmitter };
