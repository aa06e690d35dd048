package io.deltacat.cli;

/**
 * A table named on the command line: {@code NAMESPACE.TABLE}, or {@code TABLE} in the namespace of
 * {@code --namespace}, else the profile's, else {@code default}.
 */
record TableName(String namespace, String table) {

    /** Resolves {@code arg} (which may be qualified) against {@code --namespace} and the profile. */
    static TableName of(Connection connection, String namespaceOption, String arg) {
        int dot = arg.indexOf('.');
        if (dot > 0 && dot < arg.length() - 1) {
            String ns = arg.substring(0, dot);
            if (namespaceOption != null && !namespaceOption.equals(ns)) {
                throw new CliUsageException("table '" + arg + "' names namespace '" + ns + "' but --namespace says '"
                        + namespaceOption + "'");
            }
            return new TableName(ns, arg.substring(dot + 1));
        }
        return new TableName(connection.namespace(namespaceOption), arg);
    }

    @Override
    public String toString() {
        return namespace + "." + table;
    }
}
