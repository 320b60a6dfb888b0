/**
 * The node's absolute paths (NODE_PATHS) as FreeSWITCH sees them: prefixed by `$${pbxc_node_root}`,
 * which vars.xml sets from the FreeSWITCH process's PBXC_NODE_ROOT environment variable. On a node
 * it is unset and every path is exactly NODE_PATHS; a test (or a staging check) runs the same tree
 * against folders of its own by starting FreeSWITCH with PBXC_NODE_ROOT=<folder>.
 */
export const NODE_ROOT_VAR = 'pbxc_node_root';
export const NODE_ROOT_ENV = 'PBXC_NODE_ROOT';

export function onNode(path: string): string {
  return `$\${${NODE_ROOT_VAR}}${path}`;
}
