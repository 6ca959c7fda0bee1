/** Names of inputs, outputs and saved state, in one place (action.yml is the contract). */
import type { Architecture, Runtime } from './types.js'

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
  CacheOnFailure: 'cache-on-failure',
  SharedKey: 'shared-key',
  // The shared compile cache (sccache).
  CompileCache: 'compile-cache',
  CompileCacheWrite: 'compile-cache-write',
  CompileCacheBucket: 'compile-cache-bucket',
  CompileCachePrefix: 'compile-cache-prefix',
  SccacheVersion: 'sccache-version',
  SccacheSha256: 'sccache-sha256',
  SccacheUrl: 'sccache-url',
  FromArtifacts: 'from-artifacts',
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
  LayerName: 'layer-name',
  AttachLayers: 'attach-layers',
  SmokeTest: 'smoke-test',
  SmokeEvent: 'smoke-event',
  SmokeTimeout: 'smoke-timeout',
  PackageType: 'package-type',
  BaseImage: 'base-image',
  ImageRepository: 'image-repository',
  ImageTag: 'image-tag',
  RegistryUsername: 'registry-username',
  RegistryPassword: 'registry-password',
  VerifyEvent: 'verify-event',
  VerifyResponse: 'verify-response',
  AliasWeight: 'alias-weight',
  Promote: 'promote',
  CreateFunction: 'create-function',
  RoleArn: 'role-arn',
  MemorySize: 'memory-size',
  Timeout: 'timeout',
  Environment: 'environment',
  EnvironmentMode: 'environment-mode',
  Description: 'description',
  // --- monorepos: plan the build legs ---
  Mode: 'mode',
  Shards: 'shards',
  ChangedSince: 'changed-since',
} as const

/**
 * What an input left empty means, for the inputs whose default is a fixed value. action.yml
 * shows the same defaults (a test compares the two); the inputs missing here default to empty,
 * or to a value worked out from other inputs (`upload-artifact`, `publish`).
 */
export const InputDefaults = {
  [Inputs.WorkingDirectory]: '.',
  [Inputs.Architecture]: 'arm64',
  [Inputs.Runtime]: 'provided.al2023',
  [Inputs.Profile]: 'size',
  [Inputs.Extension]: 'false',
  [Inputs.ZigVersion]: '0.15.2',
  [Inputs.CargoLambdaVersion]: '1.9.2',
  [Inputs.Cache]: 'true',
  [Inputs.SaveCache]: 'true',
  [Inputs.CacheOnFailure]: 'false',
  [Inputs.CompileCache]: 'off',
  [Inputs.CompileCacheWrite]: 'auto',
  [Inputs.CompileCachePrefix]: 'sccache',
  [Inputs.SccacheVersion]: '0.16.0',
  [Inputs.ArtifactName]: '{bin}-{arch}',
  [Inputs.S3KeyPrefix]: 'rust-lambda-action',
  [Inputs.DryRun]: 'false',
  [Inputs.Force]: 'false',
  [Inputs.DeployConcurrency]: '4',
  [Inputs.AttachLayers]: 'false',
  [Inputs.SmokeTest]: 'auto',
  [Inputs.SmokeEvent]: '{}',
  [Inputs.SmokeTimeout]: '10',
  [Inputs.PackageType]: 'zip',
  [Inputs.AliasWeight]: '1',
  [Inputs.Promote]: 'false',
  [Inputs.CreateFunction]: 'false',
  [Inputs.EnvironmentMode]: 'merge',
  [Inputs.Mode]: 'build',
  [Inputs.Shards]: 'auto',
} as const satisfies Partial<Record<(typeof Inputs)[keyof typeof Inputs], string>>

export const Outputs = {
  Artifacts: 'artifacts',
  ZipPath: 'zip-path',
  CodeSha256: 'code-sha256',
  FunctionArn: 'function-arn',
  Version: 'version',
  DeployResult: 'deploy-result',
  Deployments: 'deployments',
  Layers: 'layers',
  SmokeResult: 'smoke-result',
  CacheHit: 'cache-hit',
  ImageUri: 'image-uri',
  ImageDigest: 'image-digest',
  // --- mode: plan ---
  Matrix: 'matrix',
  Binaries: 'binaries',
  HasWork: 'has-work',
  BinaryCount: 'binary-count',
} as const

/** `shards` may ask for at most this many legs: GitHub runs at most 256 jobs per matrix. */
export const MaxShards = 256

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
} as const satisfies Record<Runtime, string>

export const ArchitectureTriple = {
  arm64: 'aarch64-unknown-linux-gnu',
  x86_64: 'x86_64-unknown-linux-gnu',
} as const satisfies Record<Architecture, string>
