/**
 * The home page at {@code /}: what a signed-in person has (their account's licenses and systems, or every account's
 * for the vendor's staff) and what waits for them, linking to the desk's pages. Reads only, through the features'
 * public overviews, which apply the same account checks as the API.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "activation", "credits", "shared"})
package io.grantflow.portal;
