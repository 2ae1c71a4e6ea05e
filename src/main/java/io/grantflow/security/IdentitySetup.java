package io.grantflow.security;

import lombok.RequiredArgsConstructor;
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
 * the administrator's business, or the demo's). Each grant is what docs/security.md gives the group, no more:
 * auditors read everything and change nothing; operators read the flows and work the tasks of their group
 * (claim, complete, comment: {@code TASK_WORK}, given per task by the engine as {@code defaultUserPermissionNameForTask});
 * integrators read the flows they start through Grantflow's API. Changing an instance otherwise (modification,
 * jobs, suspension, messages, variables) is the administrator's. Every start sets each row to exactly these
 * permissions, so a database from an older Grantflow loses the wider grants it had.
 */
@Component
@Order(0)
@RequiredArgsConstructor
class IdentitySetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IdentitySetup.class);

    private final IdentityService identity;
    private final AuthorizationService authorizations;

    @Override
    public void run(ApplicationArguments args) {
        group(OPERATORS, "Operators (licensing desk)");
        group(INTEGRATORS, "Integrators (REST clients)");
        group(AUDITORS, "Auditors (read-only)");
        // a customer's people: no engine authorization, so no engine door, webapp or query shows them anything
        group(Groups.CUSTOMER_ADMINS, "Customer admins (their account's journeys and API tokens)");
        group(Groups.CUSTOMER_VIEWERS, "Customer viewers (read their account)");

        grant(OPERATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(OPERATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(OPERATORS, Resources.FILTER, ANY, Permissions.READ);
        grant(OPERATORS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                ProcessDefinitionPermissions.READ_TASK);
        grant(OPERATORS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ);
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

        narrowTaskGrants();
    }

    /**
     * Tasks created before {@code TASK_WORK} was the default carry per-task grants with UPDATE (due dates, variables,
     * assignee of anyone): those become TASK_WORK, what the task's candidates and assignee need.
     */
    private void narrowTaskGrants() {
        for (Authorization auth : authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
                .resourceType(Resources.TASK).hasPermission(Permissions.UPDATE).list()) {
            if (ANY.equals(auth.getResourceId()) || Groups.ADMINS.equals(auth.getGroupId())) {
                continue;
            }
            auth.setPermissions(new Permission[] {TaskPermissions.READ, TaskPermissions.TASK_WORK});
            authorizations.saveAuthorization(auth);
        }
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

    void grant(String group, Resource resource, String resourceId, Permission... permissions) {
        List<Authorization> existing = authorizations.createAuthorizationQuery()
                .groupIdIn(group).resourceType(resource).resourceId(resourceId).list();
        Authorization auth = existing.isEmpty() ? authorizations.createNewAuthorization(AUTH_TYPE_GRANT) : existing.get(0);
        auth.setGroupId(group);
        auth.setResource(resource);
        auth.setResourceId(resourceId);
        // exactly these, not these added to what an older version granted
        auth.setPermissions(permissions);
        authorizations.saveAuthorization(auth);
    }
}
