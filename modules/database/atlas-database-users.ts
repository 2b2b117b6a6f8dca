import { Construct } from 'constructs';
import { DatabaseUser } from '@cdktf/provider-mongodbatlas/lib/database-user';

/** A service that gets a database user. */
export interface DatabaseUserSpec {
  /** Short service name, for the construct id and description. */
  readonly serviceName: string;

  /** ARN of the service's task role: the user's name. */
  readonly taskRoleArn: string;

  /** Built-in role on the database. */
  readonly role: 'read' | 'readWrite';
}

/** Properties of an {@link AtlasDatabaseUsers}. */
export interface AtlasDatabaseUsersProps {
  readonly projectId: string;
  readonly clusterName: string;
  readonly databaseName: string;
  readonly users: readonly DatabaseUserSpec[];
}

/**
 * One Atlas database user per service, of AWS IAM type: the user is the
 * service's task role, so the service authenticates with its role's
 * credentials (MONGODB-AWS) and no password exists anywhere. Each user has
 * one role on one database, scoped to the region's cluster.
 */
export class AtlasDatabaseUsers extends Construct {
  readonly users: readonly DatabaseUser[];

  constructor(scope: Construct, id: string, props: AtlasDatabaseUsersProps) {
    super(scope, id);

    this.users = props.users.map(
      (user) =>
        new DatabaseUser(this, user.serviceName, {
          projectId: props.projectId,
          authDatabaseName: '$external',
          awsIamType: 'ROLE',
          username: user.taskRoleArn,
          description: `${user.serviceName} task role`,
          roles: [{ roleName: user.role, databaseName: props.databaseName }],
          scopes: [{ name: props.clusterName, type: 'CLUSTER' }],
        }),
    );
  }
}
