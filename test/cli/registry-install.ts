// An install command that takes connectorkit from the npm registry, where the name is not this
// project's: nothing connectorkit prints or writes may contain one.
export const registryInstall = /\bnpm (?:install|i|add)\b(?: --?[\w-]+)* connectorkit(?:@\S*)?(?![\w./-])/;
