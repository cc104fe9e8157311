// Being built: see the target's comment in Package.swift.
