package io.grantflow.security;

import static io.grantflow.security.Groups.AUDITORS;
import static io.grantflow.security.Groups.INTEGRATORS;
import static io.grantflow.security.Groups.OPERATORS;
import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Grantflow's three groups and their Camunda authorizations, on every start and every database (users are
 * the administrator's business, or the demo's). Each grant is what design.md §6 gives the group, no more:
 * auditors read everything and change nothing; operators work tasks and retry incidents; integrators read
 * the flows they start through Grantflow's API.
 */
@Component
@Order(0)
class IdentitySetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IdentitySetup.class);

    private final IdentityService identity;
    private final AuthorizationService authorizations;

    IdentitySetup(IdentityService identity, AuthorizationService authorizations) {
        this.identity = identity;
        this.authorizations = authorizations;
    }

    @Override
    public void run(ApplicationArguments args) {
        group(OPERATORS, "Operators (licensing desk)");
        group(INTEGRATORS, "Integrators (REST clients)");
        group(AUDITORS, "Auditors (read-only)");

        grant(OPERATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(OPERATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(OPERATORS, Resources.FILTER, ANY, Permissions.READ);
        grant(OPERATORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.UPDATE_INSTANCE,
                ProcessDefinitionPermissions.RETRY_JOB);
        grant(OPERATORS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ, ProcessInstancePermissions.UPDATE,
                ProcessInstancePermissions.RETRY_JOB);
        grant(OPERATORS, Resources.TASK, ANY, TaskPermissions.READ, TaskPermissions.READ_HISTORY);
        grant(OPERATORS, Resources.DEPLOYMENT, ANY, Permissions.READ);

        grant(AUDITORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(AUDITORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                ProcessDefinitionPermissions.READ_TASK);
        grant(AUDITORS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ);
        grant(AUDITORS, Resources.TASK, ANY, TaskPermissions.READ, TaskPermissions.READ_HISTORY);
        grant(AUDITORS, Resources.DEPLOYMENT, ANY, Permissions.READ);
        grant(AUDITORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
        grant(AUDITORS, Resources.HISTORIC_TASK, ANY, HistoricTaskPermissions.READ);
        grant(AUDITORS, Resources.HISTORIC_PROCESS_INSTANCE, ANY, HistoricProcessInstancePermissions.READ);

        grant(INTEGRATORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE);
        grant(INTEGRATORS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ);
    }

    private void group(String id, String name) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identity.saveGroup(group);
            log.info("Created group {}", id);
        }
    }

    private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
        List<Authorization> existing = authorizations.createAuthorizationQuery()
                .groupIdIn(group).resourceType(resource).resourceId(resourceId).list();
        Authorization auth = existing.isEmpty() ? authorizations.createNewAuthorization(AUTH_TYPE_GRANT) : existing.get(0);
        auth.setGroupId(group);
        auth.setResource(resource);
        auth.setResourceId(resourceId);
        for (Permission permission : permissions) {
            auth.addPermission(permission);
        }
        authorizations.saveAuthorization(auth);
    }
}
