/** The core's version; plugins declare a `coreCompatibility` semver range against it. */
export const CORE_VERSION = '0.1.0';
