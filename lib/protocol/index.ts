/** The realtime protocol shared by the browser and the server. */
export * from "./errors";
export * from "./events";
export * from "./reconnect";
export * from "./schemas";
export * from "./views";
