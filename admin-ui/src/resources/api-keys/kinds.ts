export const KEY_KIND_CHOICES = [
  { id: 'publishable', name: 'lockstep.api_keys.kinds.publishable' },
  { id: 'secret', name: 'lockstep.api_keys.kinds.secret' },
];
