package io.deltacat.server;

/** The address and port the server was told to bind are taken by another program. */
public final class PortInUseException extends ServerStartException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    /**
     * @param host  the address the server tried to bind
     * @param port  the port it tried to bind
     * @param cause the bind failure
     */
    public PortInUseException(String host, int port, Throwable cause) {
        super("cannot listen on " + host + ":" + port + ": the port is already in use; stop the program using it"
                + " or choose another port (0 picks a free one)", cause);
        this.host = host;
        this.port = port;
    }

    /** The address the server tried to bind. */
    public String host() {
        return host;
    }

    /** The port the server tried to bind. */
    public int port() {
        return port;
    }
}
