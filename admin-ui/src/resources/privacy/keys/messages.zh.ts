/** 密钥页面的文字（`lockstep.privacy.keys.*`）。 */
export const keysZh = {
  lockstep: {
    privacy: {
      keys: {
        title: '加密密钥',
        subtitle: '提供方 %{provider}，主密钥 %{master}。只显示密钥编号，从不显示密钥本身。',
        rotate: '轮换数据密钥',
        started: '已开始密钥轮换',
        age: '当前数据密钥已使用 %{days} 天',
        no_key: '尚无数据密钥（首次加密写入时创建）',
        person_keys: '%{active} 个个人密钥，%{shredded} 个已销毁',
        rotations: '轮换记录',
        rotations_help: '轮换会启用新的数据密钥，重新包装个人密钥并在不停机的情况下重新加密数据；重启后会继续。',
        no_rotations: '尚未轮换。',
        queued: '排队中',
        progress: '%{phase} · %{percent}% · 已重新加密 %{documents} 个文档，重新包装 %{personKeys} 个个人密钥（%{model}）',
        phase: { rotate: '轮换中', rewrap: '重新包装个人密钥', reencrypt: '重新加密', done: '完成' },
        columns: { id: '密钥编号', kind: '类型', version: '版本', status: '状态', created: '创建时间', started: '开始', state: '状态', progress: '进度', finished: '结束' },
      },
    },
  },
  resources: { 'privacy/keys': { name: '加密密钥' } },
};
