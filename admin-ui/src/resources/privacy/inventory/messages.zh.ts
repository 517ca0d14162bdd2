import type { Translated } from '../audit/messages';
import type { inventoryEn } from './messages';

/** Simplified Chinese, typed against the English tree; loaded with the Chinese locale only. */
export const inventoryZh: Translated<typeof inventoryEn> = {
  lockstep: {
    privacy: {
      inventory: {
        title: '数据清单',
        fields_title: '个人数据字段',
        generated: '根据声明生成于 %{at} · 共 %{smart_count} 个字段',
        plugins_title: '插件及其声明的处理目的',
        plugins_help: '每个插件声明处理哪些数据以及原因（定义中的 purposes 与 dataCategories）。',
        purpose_missing: '以下插件处理个人数据但未声明处理目的：%{plugins}',
        no_purpose: '无目的',
        encrypted: '已加密',
        encrypted_lookup: '已加密 · 盲索引',
        clear: '明文',
        clear_by_design: '明文（按设计）',
        unknown: '未声明',
        reason: '以明文保存：%{reason}',
        retention_days: '%{field} 之后 %{days} 天',
        no_retention: '保留至删除请求',
        search: '搜索所有者、集合或字段',
        clear_only: '仅显示明文字段',
        all: '全部',
        platform: '平台',
        owner_kinds: { core: '核心', platform: '平台', plugin: '插件' },
        columns: {
          owner: '所有者', model: '模型', collection: '集合', field: '字段', category: '类别', purposes: '处理目的', encryption: '加密',
          retention: '保留期限', plugin: '插件', data_categories: '数据类别', collections: '集合', personal_fields: '个人字段数',
        },
        categories: {
          identifier: '标识符', email: '电子邮箱', name: '姓名', phone: '电话', address: '地址', free_text: '自由文本', payment_ref: '支付参考号',
          device_id: '设备 ID', ip_address: 'IP 地址', credential: '凭据', behavioral: '行为数据', preference: '偏好',
        },
      },
    },
  },
  resources: { 'privacy/inventory': { name: '数据清单' } },
};
