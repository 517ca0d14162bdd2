/**
 * Picks the TensorFlow.js backend at worker start, best first:
 * tfjs-node-gpu (CUDA) → tfjs-node (libtensorflow CPU) → WebGPU through the `webgpu` package (Dawn/Vulkan) →
 * WASM (SIMD) → plain JS cpu. Each step is optional: a package that is not installed or a backend that does
 * not initialise is skipped, and the reason is kept so the console can say why.
 */
export type TfBackendName = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export interface TfBackendChoice {
  backend: TfBackendName;
  gpu: boolean;
  tried: { backend: TfBackendName; ok: boolean; reason?: string }[];
  tf: typeof import('@tensorflow/tfjs');
}

const ORDER: TfBackendName[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

async function attempt(name: TfBackendName): Promise<typeof import('@tensorflow/tfjs') | null> {
  const dyn = (m: string) => import(m) as Promise<any>;
  switch (name) {
    case 'tensorflow-gpu': {
      const tf = await dyn('@tensorflow/tfjs-node-gpu');
      return tf.getBackend() === 'tensorflow' ? tf : null;
    }
    case 'tensorflow': {
      const tf = await dyn('@tensorflow/tfjs-node');
      return tf.getBackend() === 'tensorflow' ? tf : null;
    }
    case 'webgpu': {
      const webgpu = await dyn('webgpu');
      Object.assign(globalThis, webgpu.globals);
      (globalThis as any).navigator ??= {};
      (globalThis as any).navigator.gpu = webgpu.create([]);
      const adapter = await (globalThis as any).navigator.gpu.requestAdapter();
      if (!adapter) throw new Error('no WebGPU adapter (no GPU driver)');
      const tf = await import('@tensorflow/tfjs');
      await dyn('@tensorflow/tfjs-backend-webgpu');
      return (await tf.setBackend('webgpu')) ? tf : null;
    }
    case 'wasm': {
      const tf = await import('@tensorflow/tfjs');
      await import('@tensorflow/tfjs-backend-wasm');
      // setBackend resolves false (and stays on cpu) when wasm fails: check it.
      return (await tf.setBackend('wasm')) && tf.getBackend() === 'wasm' ? tf : null;
    }
    case 'cpu': {
      const tf = await import('@tensorflow/tfjs');
      return (await tf.setBackend('cpu')) ? tf : null;
    }
  }
}

export async function selectTfBackend(forced?: TfBackendName): Promise<TfBackendChoice> {
  const tried: TfBackendChoice['tried'] = [];
  const order = forced ? [forced, ...ORDER.filter((b) => b !== forced && b === 'cpu')] : ORDER;
  for (const backend of order) {
    try {
      const tf = await attempt(backend);
      if (tf) {
        await tf.ready();
        tried.push({ backend, ok: true });
        return { backend, gpu: backend === 'tensorflow-gpu' || backend === 'webgpu', tried, tf };
      }
      tried.push({ backend, ok: false, reason: 'backend did not initialise' });
    } catch (err) {
      tried.push({ backend, ok: false, reason: (err as Error).message.split('\n')[0] });
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${tried.map((t) => `${t.backend}: ${t.reason}`).join('; ')}`);
}
