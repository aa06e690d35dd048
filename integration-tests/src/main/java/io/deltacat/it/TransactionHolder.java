package io.deltacat.it;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.Transaction;
import java.time.Duration;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A client process for the crash test: begins a transaction, writes the given table inside it,
 * prints the transaction id, then waits (heartbeating) until it is killed.
 * Arguments: server URI, table, time to live in milliseconds.
 */
public final class TransactionHolder {
    private TransactionHolder() {
    }

    public static void main(String[] args) throws Exception {
        RootAllocator allocator = new RootAllocator();
        DeltacatClient client = DeltacatClient.connect(io.deltacat.api.ClientConfig.builder().uri(args[0])
                .allocator(allocator).build());
        Transaction tx = client.transaction(t -> t.message("held until killed")
                .timeToLive(Duration.ofMillis(Long.parseLong(args[2]))));
        try (VectorSchemaRoot cats = Cats.first(allocator)) {
            tx.catalog().write(cats, w -> w.table(args[1]));
        }
        System.out.println("transaction " + tx.id() + " staged");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
