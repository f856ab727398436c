import { MemoryStore } from '../../src/store/memory/MemoryStore';
import { runStoreContract } from './store.contract';

runStoreContract('memory', async () => new MemoryStore(), async (s) => s.close());
