#!/usr/bin/env zx
// Adds the lock entries of platform-specific optional packages that this workplace's registry
// mirror does not serve (it has only linux builds, so `npm install` here leaves e.g.
// @biomejs/cli-darwin-arm64 out of package-lock.json, and `npm ci` then refuses the lock everywhere).
// The entries carry version, os, cpu and libc only: npm skips them on other platforms, and fetches
// and verifies them from the registry on the platform that needs them.
// Run after any `npm install` that rewrites the lock: node scripts/lock-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lockPath = fileURLToPath(new URL('../package-lock.json', import.meta.url));

/** os/cpu/libc of a platform package, from its name (the convention Biome and esbuild follow). */
function platformOf(name) {
  const m =
    /-(android|darwin|linux|win32|freebsd|openbsd|netbsd|sunos|aix)-(x64|arm64|arm|ia32|loong64|mips64el|ppc64|riscv64|s390x)(-musl)?$/.exec(
      name,
    );
  if (!m) return undefined;
  return { os: [m[1]], cpu: [m[2]], ...(m[1] === 'linux' ? { libc: [m[3] ? 'musl' : 'glibc'] } : {}) };
}

export function completeLock(lock) {
  const added = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${dep}`;
      const platform = platformOf(dep);
      if (lock.packages[key] || !platform) continue;
      const sibling = Object.entries(lock.packages).find(
        ([k]) => k.startsWith(`node_modules/${dep.replace(/-[^-/]+(-[^-/]+)?(-musl)?$/, '')}`) && k !== path,
      )?.[1];
      lock.packages[key] = {
        version,
        ...platform,
        ...(entry.dev ? { dev: true } : {}),
        ...(sibling?.license ? { license: sibling.license } : {}),
        optional: true,
        ...(entry.engines ? { engines: entry.engines } : {}),
      };
      added.push(`${dep}@${version}`);
    }
  }
  // npm orders lock entries by localeCompare('en'); keep its order so the diff shows only the additions.
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) =>
      a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'),
    ),
  );
  return added;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const added = completeLock(lock);
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(added.length ? `added ${added.join(', ')}` : 'lock already complete');
}
