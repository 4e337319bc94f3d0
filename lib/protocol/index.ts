/** The realtime protocol shared by the browser and the server. */
export * from "./errors";
export * from "./schemas";
