import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";
import i18next from "eslint-plugin-i18next";

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
  {
    // Every word a person reads comes from a message catalog (lib/i18n/messages): a string literal
    // in a page's markup, or in an attribute a person reads, is an error.
    files: ["app/**/*.tsx"],
    plugins: { i18next },
    rules: {
      "i18next/no-literal-string": [
        "error",
        {
          mode: "jsx-only",
          "jsx-attributes": {
            include: ["alt", "aria-label", "aria-description", "title", "placeholder", "label"],
          },
          words: { exclude: ["[0-9!-/:-@[-`{-~\\s·×→←↑↓–—…%]+", "[A-Z_-]+", /^\p{Emoji}+$/u] },
          // A translator's call (t("key"), tc.rich("key", …)) is where words come from.
          callees: {
            exclude: [
              "t",
              "t[A-Z]\\w*",
              "tc",
              "(t|tc|t[A-Z]\\w*)\\.(rich|markup|raw)",
              "require",
              "addEventListener",
              "removeEventListener",
              "includes",
              "startsWith",
              "endsWith",
            ],
          },
        },
      ],
    },
  },
]);
