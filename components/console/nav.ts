export type NavIconName =
  | 'dashboard'
  | 'identity-providers'
  | 'directories'
  | 'users'
  | 'groups'
  | 'applications'
  | 'user-attributes'
  | 'audit'
  | 'api-tokens'
  | 'api-reference'
  | 'settings';

export type NavItem = {
  href: string;
  label: string;
  icon: NavIconName;
  /** Only available items are shown; a feature flips its flag when its pages ship. */
  available: boolean;
};

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/admin', label: 'Dashboard', icon: 'dashboard', available: true },
  { href: '/admin/identity-providers', label: 'Identity Providers', icon: 'identity-providers', available: true },
  { href: '/admin/service-provider', label: 'Service Provider', icon: 'settings', available: true },
  { href: '/admin/directories', label: 'Directories', icon: 'directories', available: true },
  { href: '/admin/users', label: 'Users', icon: 'users', available: true },
  { href: '/admin/groups', label: 'Groups', icon: 'groups', available: true },
  { href: '/admin/applications', label: 'Applications', icon: 'applications', available: true },
  { href: '/admin/user-attributes', label: 'User Attributes', icon: 'user-attributes', available: true },
  { href: '/admin/audit', label: 'Audit Log', icon: 'audit', available: true },
  { href: '/admin/api-tokens', label: 'API Tokens', icon: 'api-tokens', available: true },
  { href: '/admin/api-reference', label: 'API Reference', icon: 'api-reference', available: true },
  { href: '/admin/settings', label: 'Settings', icon: 'settings', available: true },
];
