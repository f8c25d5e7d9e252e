import { startVirtualPrinter } from '../../tools/virtual-printer/virtual-printer.js';

/** The benchmark's printer in its own process, as a real printer is its own machine: its rendering does not stall the hub. */
const printer = await startVirtualPrinter({ port: 0, outDir: process.argv[2]! });
process.send!({ port: printer.port });
process.on('message', (m) => {
  if (m === 'stop') void printer.close().then(() => process.exit(0));
});
