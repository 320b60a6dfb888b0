/**
 * The service address through EC2: who holds it (DescribeAddresses) and moving it
 * (AssociateAddress). @aws-sdk/client-ec2 is loaded by dynamic import, only by `pbxc ha`.
 */
export interface Association {
  readonly privateIp?: string;
  readonly networkInterfaceId?: string;
}

export interface AddressApi {
  describe(allocationId: string): Promise<Association | undefined>;
  associate(input: {
    readonly allocationId: string;
    readonly networkInterfaceId: string;
    readonly privateIp: string;
    /** true: take it from whoever holds it; false: only if unassociated. */
    readonly allowReassociation: boolean;
  }): Promise<void>;
}

export async function ec2AddressApi(options: {
  readonly region: string;
  /** Tests point the real SDK at a local fake EC2 endpoint. */
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}): Promise<AddressApi> {
  const { EC2Client, DescribeAddressesCommand, AssociateAddressCommand } = await import(
    '@aws-sdk/client-ec2'
  );
  const client = new EC2Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // The watcher's own tick is the retry; a slow API must not stretch one tick past the next.
    maxAttempts: 2,
  });
  return {
    async describe(allocationId) {
      const out = await client.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }));
      const address = out.Addresses?.[0];
      if (!address) return undefined;
      return {
        ...(address.PrivateIpAddress ? { privateIp: address.PrivateIpAddress } : {}),
        ...(address.NetworkInterfaceId ? { networkInterfaceId: address.NetworkInterfaceId } : {}),
      };
    },
    async associate(input) {
      await client.send(
        new AssociateAddressCommand({
          AllocationId: input.allocationId,
          NetworkInterfaceId: input.networkInterfaceId,
          PrivateIpAddress: input.privateIp,
          AllowReassociation: input.allowReassociation,
        }),
      );
    },
  };
}
