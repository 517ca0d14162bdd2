/** Strings of the keys page (`lockstep.privacy.keys.*`, resource `privacy/keys`). */
export const keysEn = {
  lockstep: {
    privacy: {
      keys: {
        title: 'Encryption keys',
        subtitle: 'Provider %{provider}, master key %{master}. Key material never leaves the key hierarchy; only ids are shown.',
        rotate: 'Rotate data key',
        started: 'Key rotation started',
        age: 'Current data key is %{days} days old',
        no_key: 'No data key yet (created on the first encrypted write)',
        person_keys: '%{active} person keys, %{shredded} shredded',
        rotations: 'Rotations',
        rotations_help: 'A rotation makes a new data key current, re-wraps person keys and re-encrypts values without downtime; it resumes after a restart.',
        no_rotations: 'No rotation yet.',
        queued: 'queued',
        progress: '%{phase} · %{percent}% · %{documents} documents re-encrypted, %{personKeys} person keys re-wrapped (%{model})',
        phase: { rotate: 'rotating', rewrap: 're-wrapping person keys', reencrypt: 're-encrypting', done: 'done' },
        columns: { id: 'Key id', kind: 'Kind', version: 'Version', status: 'Status', created: 'Created', started: 'Started', state: 'State', progress: 'Progress', finished: 'Finished' },
      },
    },
  },
  resources: { 'privacy/keys': { name: 'Encryption keys |||| Encryption keys' } },
};
