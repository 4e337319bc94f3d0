import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nextVitals from "eslint-config-next/core-web-vitals";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "next-env.d.ts", "lib/nn/datasets/digits-*.data.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nextVitals,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // lib/ is the pure core: no framework, database, socket or DOM code in it.
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "react", "react-dom"], message: "lib/ stays framework-free" },
            { group: ["socket.io", "socket.io-client", "@prisma/*", "prisma"], message: "lib/ stays pure" },
            { group: ["node:*", "fs", "path"], message: "lib/ runs in the browser too" },
          ],
        },
      ],
    },
  },
);
