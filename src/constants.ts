/** Names of inputs, outputs and saved state, in one place (action.yml is the contract). */
export const Inputs = {
  WorkingDirectory: 'working-directory',
  Package: 'package',
  Binaries: 'binaries',
  Features: 'features',
  CargoArgs: 'cargo-args',
  Architecture: 'architecture',
  Runtime: 'runtime',
  Target: 'target',
  Profile: 'profile',
  Extension: 'extension',
  Include: 'include',
  SizeLimit: 'size-limit',
  RustToolchain: 'rust-toolchain',
  ZigVersion: 'zig-version',
  ZigSha256: 'zig-sha256',
  ZigMirror: 'zig-mirror',
  CargoLambdaVersion: 'cargo-lambda-version',
  CargoLambdaSha256: 'cargo-lambda-sha256',
  CargoLambdaUrl: 'cargo-lambda-url',
  Cache: 'cache',
  CacheKey: 'cache-key',
  SaveCache: 'save-cache',
  UploadArtifact: 'upload-artifact',
  ArtifactName: 'artifact-name',
  ArtifactRetentionDays: 'artifact-retention-days',
  FunctionName: 'function-name',
  Functions: 'functions',
  Alias: 'alias',
  Publish: 'publish',
  S3Bucket: 's3-bucket',
  S3KeyPrefix: 's3-key-prefix',
  DryRun: 'dry-run',
  Force: 'force',
  AwsRegion: 'aws-region',
  DeployConcurrency: 'deploy-concurrency',
  SmokeTest: 'smoke-test',
  SmokeEvent: 'smoke-event',
  SmokeTimeout: 'smoke-timeout',
  PackageType: 'package-type',
  BaseImage: 'base-image',
  ImageRepository: 'image-repository',
  ImageTag: 'image-tag',
  RegistryUsername: 'registry-username',
  RegistryPassword: 'registry-password',
} as const

export const Outputs = {
  Artifacts: 'artifacts',
  ZipPath: 'zip-path',
  CodeSha256: 'code-sha256',
  FunctionArn: 'function-arn',
  Version: 'version',
  DeployResult: 'deploy-result',
  Deployments: 'deployments',
  SmokeResult: 'smoke-result',
  CacheHit: 'cache-hit',
  ImageUri: 'image-uri',
  ImageDigest: 'image-digest',
} as const

/** AWS's OS-only base images (Amazon ECR Public Gallery, lambda/provided) per runtime. */
export const RuntimeBaseImage = {
  'provided.al2023': 'public.ecr.aws/lambda/provided:al2023',
  'provided.al2': 'public.ecr.aws/lambda/provided:al2',
} as const

/** The one saved-state entry main hands to post (a serialized PostState). */
export const StateKey = 'rust-lambda-action'

/** Lambda's documented glibc floors of the OS-only runtimes. */
export const RuntimeGlibc = {
  'provided.al2023': '2.34',
  'provided.al2': '2.26',
} as const

export const ArchitectureTriple = {
  arm64: 'aarch64-unknown-linux-gnu',
  x86_64: 'x86_64-unknown-linux-gnu',
} as const

export const DefaultZigVersion = '0.15.2'
export const DefaultCargoLambdaVersion = '1.9.2'
