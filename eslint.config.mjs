import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // App Router only: there is no pages/ directory to link into.
  { rules: { "@next/next/no-html-link-for-pages": "off" } },
  globalIgnores([
    "node_modules/",
    ".next/",
    "next-env.d.ts",
    "data/",
    "test-results/",
    "playwright-report/",
    "lib/nn/datasets/digits-*.data.ts",
  ]),
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // lib/ is the pure core shared by browser, server and CLI.
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "react", "react-dom"],
              message: "lib/ stays framework-free.",
            },
            {
              group: ["socket.io", "socket.io-client", "@prisma/*", "prisma"],
              message: "lib/ stays pure.",
            },
            { group: ["node:*", "fs", "path"], message: "lib/ runs in the browser too." },
          ],
        },
      ],
    },
  },
]);
