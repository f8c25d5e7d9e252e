import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
import { openDatabase } from '../../main/db/connection.js'; import { migrate, DEFAULT_MIGRATIONS_DIR } from '../../main/db/migrate.js';
import { createBranchQueue } from '../../main/queue/branch-queue.js'; import { DEFAULT_SERVICES } from '../../main/queue/catalogue.js';
const dir=mkdtempSync(join(tmpdir(),'m-'));
const db = openDatabase(join(dir,'b.db')); migrate(db, DEFAULT_MIGRATIONS_DIR);
const q = createBranchQueue(db, { branch: { id: 'b', name: 'b', timeZone: 'Asia/Jakarta' } }); q.seedDefaultCatalogue();
for (const s of DEFAULT_SERVICES) q.saveService({ ...s, dailyQuota: 999 });
const f = openDatabase(join(dir,'f.db')); f.exec('create table t(id integer primary key, b text)'); const ins=f.prepare('insert into t(b) values (?)');
const codes = DEFAULT_SERVICES.map(s=>s.code);
const A:number[]=[],B:number[]=[],C:number[]=[]; let k=0;
for (let r=0;r<10;r++){
 for(let i=0;i<200;i++){const t=performance.now(); ins.run('x'.repeat(450)); A.push(performance.now()-t);}
 for(let i=0;i<200;i++){const t=performance.now(); q.store.transaction(()=>{ (q as any); }); const s=codes[k%7]!; const t1=performance.now(); q.issueTicket({serviceCode:s, requestId:'r'+(k++)}); B.push(performance.now()-t1);}
}
const p=(a:number[],x:number)=>{const s=[...a].sort((a,b)=>a-b);return s[Math.floor(x*s.length)]!.toFixed(3)};
console.log('floor p50',p(A,.5),'p99',p(A,.99)); console.log('issue+wait p50',p(B,.5),'p99',p(B,.99));
