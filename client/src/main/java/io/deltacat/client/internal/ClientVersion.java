package io.deltacat.client.internal;

/** This client's version and the API major it speaks. */
final class ClientVersion {
    static final String VERSION = "0.1.0";
    static final String API_VERSION = "1";

    private ClientVersion() {
    }

    /** Compares dotted numeric versions ({@code 0.10.0 > 0.9.1}); missing parts count as 0. */
    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i]) : 0;
            int q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
