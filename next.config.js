import createNextIntlPlugin from "next-intl/plugin";

// Each request's language and catalog (app/_i18n/request.ts).
const withNextIntl = createNextIntlPlugin("./app/_i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
};

export default withNextIntl(nextConfig);
