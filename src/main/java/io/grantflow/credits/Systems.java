package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import com.nimbusds.jose.jwk.ECKey;
import io.grantflow.account.Accounts;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.EdgeKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** HOME systems: linked to an account with their public key; online while they call in. */
@Service
@RequiredArgsConstructor
class Systems {

    private final HomeSystemRepository repository;
    private final Accounts accounts;
    private final EdgeKeys edgeKeys;
    private final Clock clock;
    private final GrantflowProperties properties;

    /** Links a system: the row and its key commit together. */
    @Transactional
    String link(String accountId, String label, Object systemKey) {
        ECKey key = EdgeKeys.parsePublicKey(systemKey);
        if (!accounts.exists(accountId)) {
            throw GrantflowException.notFound("Account", accountId);
        }
        return link("SYS-" + RandomIds.of(10), accountId, label, key);
    }

    public String link(String id, String accountId, String label, ECKey key) {
        repository.insert(new HomeSystem(id, accountId, label, null, clock.instant()));
        edgeKeys.register(id, EdgeKeys.Kind.SYSTEM, accountId, key);
        return id;
    }

    Optional<HomeSystem> find(String id) {
        return repository.find(id);
    }

    java.util.List<HomeSystem> ofAccount(String accountId) {
        return repository.ofAccount(accountId);
    }

    HomeSystem get(String id) {
        return repository.get(id);
    }

    /** Online: it called in within the online window (grantflow.online-window). */
    boolean isOnline(HomeSystem system) {
        return system.lastSeenAt() != null
                && !system.lastSeenAt().isBefore(clock.instant().minus(properties.onlineWindow()));
    }

    boolean isOnline(String systemId) {
        return find(systemId).map(this::isOnline).orElse(false);
    }

    public void seen(String systemId, Instant at) {
        repository.seen(systemId, at);
    }
}
