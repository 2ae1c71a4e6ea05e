package io.grantflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.support.GrantflowTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

@GrantflowTest
class LedgerServiceTest {

    @Autowired
    LedgerService ledger;
    @Autowired
    LedgerVerifier verifier;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;

    String pool;

    @BeforeEach
    void openPool() {
        pool = "POOL-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> ledger.openPool(pool, "SEATS", 100, "test"));
    }

    /** Tamper tests break this pool on purpose: remove it so the whole ledger verifies for other tests. */
    @AfterEach
    void removePool() {
        jdbc.update("DELETE FROM gf_ledger_entry WHERE pool_id = ?", pool);
        jdbc.update("DELETE FROM gf_pending_transfer WHERE pool_id = ?", pool);
        jdbc.update("DELETE FROM gf_holding WHERE pool_id = ?", pool);
        jdbc.update("DELETE FROM gf_pool WHERE id = ?", pool);
    }

    private Movement move(String id, String holder, long amount) {
        return new Movement(id + ":" + pool, pool, holder, amount, "test", null, null, "tester");
    }

    private PoolBalance balance() {
        return ledger.balance(pool).orElseThrow();
    }

    @Test
    void allocateWhenEnoughAvailableThenHolderHoldsAndChainVerifies() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 40)));
        assertThat(balance()).extracting(PoolBalance::available, PoolBalance::held, PoolBalance::pending).containsExactly(60L, 40L, 0L);
        assertThat(ledger.holding(pool, "ACT-1").held()).isEqualTo(40);
        assertThat(verifier.verifyPool(pool).intact()).isTrue();
    }

    @Test
    void allocateWhenMoreThanAvailableThenRefusedAndNothingWritten() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 90)));
        long rows = ledger.entries(pool, null, null, null).size();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> ledger.allocate(move("a2", "ACT-2", 11))))
                .isInstanceOf(InsufficientBalanceException.class)
                .satisfies(e -> assertThat(((InsufficientBalanceException) e).available()).isEqualTo(10));
        assertThat(balance().available()).isEqualTo(10);
        assertThat(ledger.entries(pool, null, null, null)).hasSize((int) rows);
    }

    @Test
    void allocateWhenStepRetriedWithSameMovementIdThenWrittenOnce() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 10)));
        LedgerEntry again = tx.execute(s -> ledger.allocate(move("a1", "ACT-1", 10)));
        assertThat(again.seq()).isEqualTo(2);
        assertThat(balance().available()).isEqualTo(90);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 11))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releaseWhenHolderHoldsLessThenRefused() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 5)));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> ledger.release(move("r1", "ACT-1", 6))))
                .isInstanceOf(InsufficientBalanceException.class);
        tx.executeWithoutResult(s -> ledger.release(move("r1", "ACT-1", 5)));
        assertThat(balance().available()).isEqualTo(100);
    }

    @Test
    void twoPhaseReleaseWhenPendingThenNeitherAvailableNorHeldUntilPosted() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 30)));
        String pendingId = "reduce:" + pool;
        tx.executeWithoutResult(s -> ledger.beginRelease(new Movement(pendingId, pool, "ACT-1", 10, "seat-reduction", null, null, "op"),
                Instant.now().plusSeconds(3600)));
        assertThat(balance()).extracting(PoolBalance::available, PoolBalance::held, PoolBalance::pending).containsExactly(70L, 20L, 10L);
        assertThat(ledger.holding(pool, "ACT-1")).extracting(HolderBalance::held, HolderBalance::pending).containsExactly(20L, 10L);
        assertThat(ledger.openPending(pool, "ACT-1")).containsExactly(pendingId);

        tx.executeWithoutResult(s -> ledger.postPending(pendingId, "post:" + pendingId, "receipt", "jti-123", null, "edge"));
        assertThat(balance()).extracting(PoolBalance::available, PoolBalance::held, PoolBalance::pending).containsExactly(80L, 20L, 0L);
        assertThat(ledger.openPending(pool, "ACT-1")).isEmpty();
        // Posting twice is the same retried step: no second movement.
        tx.executeWithoutResult(s -> ledger.postPending(pendingId, "post:" + pendingId, "receipt", "jti-123", null, "edge"));
        assertThat(balance().available()).isEqualTo(80);
        assertThat(verifier.verifyPool(pool).intact()).isTrue();
    }

    @Test
    void twoPhaseReleaseWhenVoidedThenHolderHasItBack() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 30)));
        String pendingId = "revoke:" + pool;
        tx.executeWithoutResult(s -> ledger.beginRelease(new Movement(pendingId, pool, "ACT-1", 30, "revoke", null, null, "op"), null));
        tx.executeWithoutResult(s -> ledger.voidPending(pendingId, "void:" + pendingId, "revoke-cancelled", null, null, "op"));
        assertThat(balance()).extracting(PoolBalance::available, PoolBalance::held, PoolBalance::pending).containsExactly(70L, 30L, 0L);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> ledger.postPending(pendingId, "post2:" + pendingId, "x", null, null, "op")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(verifier.verifyPool(pool).intact()).isTrue();
    }

    @Test
    void ledgerWhenCalledWithoutTransactionThenRefused() {
        assertThatThrownBy(() -> ledger.allocate(move("a1", "ACT-1", 1))).isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void verifyWhenRowEditedBehindOurBackThenPoolAndRowNamed() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 10)));
        tx.executeWithoutResult(s -> ledger.allocate(move("a2", "ACT-2", 10)));
        jdbc.update("UPDATE gf_ledger_entry SET amount = 1 WHERE pool_id = ? AND seq = 2", pool);
        LedgerVerifier.Report report = verifier.verifyPool(pool);
        assertThat(report.intact()).isFalse();
        assertThat(report.broken()).anySatisfy(b -> {
            assertThat(b.poolId()).isEqualTo(pool);
            assertThat(b.seq()).isEqualTo(2L);
            assertThat(b.problem()).contains("edited");
        });
    }

    @Test
    void verifyWhenRowDeletedThenGapFound() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 10)));
        tx.executeWithoutResult(s -> ledger.allocate(move("a2", "ACT-2", 10)));
        tx.executeWithoutResult(s -> ledger.allocate(move("a3", "ACT-3", 10)));
        jdbc.update("DELETE FROM gf_ledger_entry WHERE pool_id = ? AND seq = 3", pool);
        LedgerVerifier.Report report = verifier.verifyPool(pool);
        assertThat(report.broken()).anySatisfy(b -> {
            assertThat(b.poolId()).isEqualTo(pool);
            assertThat(b.seq()).isEqualTo(4L);
            assertThat(b.problem()).contains("deleted");
        });
    }

    @Test
    void verifyWhenRowInsertedAtTheEndThenHeadMismatchFound() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 10)));
        LedgerEntry last = ledger.entries(pool, null, null, null).get(1);
        jdbc.update("INSERT INTO gf_ledger_entry (pool_id, seq, movement_id, kind, holder_id, amount, available_after, pending_after,"
                        + " holder_held_after, reason, created_at, prev_hash, hash) VALUES (?, 3, ?, 'ALLOCATE', 'THIEF', 50, 40, 0, 50, 'x', ?, ?, ?)",
                pool, "forged:" + pool, java.time.OffsetDateTime.now(), last.hash(), "f".repeat(64));
        LedgerVerifier.Report report = verifier.verifyPool(pool);
        assertThat(report.broken()).anySatisfy(b -> assertThat(b.seq()).isEqualTo(3L));
        assertThat(report.broken()).anySatisfy(b -> assertThat(b.problem()).contains("head"));
    }

    @Test
    void verifyWhenBalanceEditedThenFound() {
        tx.executeWithoutResult(s -> ledger.allocate(move("a1", "ACT-1", 10)));
        jdbc.update("UPDATE gf_pool SET available = available + 5 WHERE id = ?", pool);
        assertThat(verifier.verifyPool(pool).broken()).anySatisfy(b -> assertThat(b.problem()).contains("balances"));
    }
}
