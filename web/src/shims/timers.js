// xml2js asks Node's timers module for setImmediate; the browser has setTimeout.
export const setImmediate = (callback, ...args) => setTimeout(callback, 0, ...args);
export default { setImmediate };
