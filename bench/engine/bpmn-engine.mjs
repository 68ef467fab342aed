// The same model executed in memory by the npm package bpmn-engine, for the ratio in docs/benchmarks.md.
// Usage: node bench/engine/bpmn-engine.mjs <file.bpmn> <instances>; prints one JSON line.
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';

const [file, count = '2000'] = process.argv.slice(2);
const source = readFileSync(file, 'utf8');
const instances = Number(count);

// Service tasks complete at once, like the benchmark's job handlers on the Rathaus side.
const services = {
  serviceTasks(activity) {
    if (activity.type === 'bpmn:ServiceTask') {
      activity.behaviour.Service = function Service() {
        return { execute(_message, callback) { callback(null, { done: true }); } };
      };
    }
  },
};

async function runOne(i) {
  const listener = new EventEmitter();
  listener.on('wait', (api) => api.signal({ approved: true }));
  const engine = new Engine({ name: `bench-${i}`, source, variables: { amount: 500 }, extensions: services });
  const ended = new Promise((resolve, reject) => { engine.once('end', resolve); engine.once('error', reject); });
  await engine.execute({ listener });
  await ended;
}

for (let i = 0; i < Math.min(200, instances); i++) await runOne(i); // warm-up
const started = performance.now();
for (let i = 0; i < instances; i++) await runOne(i);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ engine: 'bpmn-engine', instances, seconds, perSecond: instances / seconds }));
