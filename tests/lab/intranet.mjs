#!/usr/bin/env node
// Tiny HTTPS intranet of the simulated office (runs in hoc-lan on 10.77.0.10:443).
// node intranet.mjs --cert CERT.pem --key KEY.pem [--host 10.77.0.10] [--port 443]
import https from 'node:https';
import fs from 'node:fs';

const args = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];

const host = args.host ?? '10.77.0.10';
const port = Number(args.port ?? 443);
const page = `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>Intranet Architekturbüro Müller</title></head>
<body>
<h1>Intranet Architekturbüro Müller</h1>
<p>Willkommen im Büronetz. Projekte liegen auf \\\\fs.buero.local\\projekte.</p>
</body>
</html>
`;

const server = https.createServer({ cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) }, (req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, service: 'intranet' }) + '\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(req.method === 'HEAD' ? undefined : page);
});
server.listen(port, host, () => console.log(`intranet listening on https://${host}:${port}/`));
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
